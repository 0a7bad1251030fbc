import { describe, expect, it } from 'vitest';
import { accessModeName, mayReadDossier, mayReadDraft, rolesFor } from './access.js';

describe('the access decision in the review UI', () => {
  it('asks core/domain/access.ts with both modes of a draft', () => {
    expect(mayReadDraft('operator', '01', '02')).toBe(true);
    expect(mayReadDraft('operator', '01', '03')).toBe(false);
    expect(mayReadDraft('operator', '03', '01')).toBe(false);
    expect(mayReadDraft('operator', '03', null)).toBe(false);
    expect(mayReadDraft('reviewer', '03', null)).toBe(true);
    expect(mayReadDossier('operator', '02')).toBe(true);
    expect(mayReadDossier('operator', undefined)).toBe(false);
  });

  it('names the most restrictive mode and the roles that may read it', () => {
    expect(accessModeName(['01', '03'], 'vi')).toBe('Mật');
    expect(accessModeName(['02', null], 'en')).toBe('Secret');
    expect(accessModeName(['02', '01'], 'vi')).toBe('Sử dụng có điều kiện');
    expect(rolesFor(['01', '03'])).toEqual(['reviewer', 'manager', 'admin']);
    expect(rolesFor(['01'])).toEqual([]);
  });
});
