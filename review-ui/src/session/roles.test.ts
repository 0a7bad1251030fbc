import { describe, expect, it } from 'vitest';
import { resolveRoute } from '../router/routes.js';
import { homeFor, mayOpen, mayReview, navFor, navState, ROLES } from './roles.js';

const ids = (role: (typeof ROLES)[number]) => navFor(role).map((n) => n.id);

describe('navigation by role', () => {
  it('gives each role its own entries, in order', () => {
    expect(ids('reviewer')).toEqual(['queue', 'dossiers', 'catalogue']);
    expect(ids('operator')).toEqual(['dossiers', 'returns', 'catalogue']);
    expect(ids('manager')).toEqual(['dossiers', 'progress', 'holdings', 'pipeline', 'catalogue']);
    expect(ids('admin')).toEqual([
      'queue',
      'dossiers',
      'returns',
      'progress',
      'holdings',
      'pipeline',
      'catalogue',
      'users',
      'workstations',
    ]);
  });

  it('links every entry to a screen its role may open', () => {
    for (const role of ROLES) {
      for (const n of navFor(role)) {
        const route = resolveRoute(n.to);
        expect(route, n.to).not.toBeNull();
        if (route !== null) expect(mayOpen(route.name, role), `${role} ${n.to}`).toBe(true);
      }
    }
  });

  it('marks the current entry, and its section for screens below it', () => {
    const [queue, dossiers] = navFor('reviewer');
    if (queue === undefined || dossiers === undefined) throw new Error('missing entries');
    expect(navState(queue, '/')).toBe('page');
    expect(navState(queue, '/review/H49.01')).toBe('section');
    expect(navState(queue, '/dossiers')).toBeNull();
    expect(navState(dossiers, '/dossiers/')).toBe('page');
    expect(navState(dossiers, '/documents/abc')).toBe('section');
    expect(navState(dossiers, '/')).toBeNull();
  });
});

describe('start page and permissions', () => {
  it('starts reviewers and admins on the queue, operators on returns, managers on progress', () => {
    expect(homeFor('reviewer')).toBe('/');
    expect(homeFor('admin')).toBe('/');
    expect(homeFor('operator')).toBe('/returns');
    expect(homeFor('manager')).toBe('/progress');
  });

  it('keeps the admin screens to admins', () => {
    for (const role of ['operator', 'reviewer', 'manager'] as const) {
      expect(mayOpen('adminUsers', role)).toBe(false);
      expect(mayOpen('adminWorkstations', role)).toBe(false);
      expect(mayOpen('dossiers', role)).toBe(true);
      expect(mayOpen('review', role)).toBe(true);
    }
    expect(mayOpen('adminUsers', 'admin')).toBe(true);
  });

  it("keeps the managers' screens to managers and admins", () => {
    for (const screen of ['progress', 'holdings', 'pipeline'] as const) {
      expect(ROLES.filter((r) => mayOpen(screen, r))).toEqual(['manager', 'admin']);
    }
  });

  it('lets only reviewers and admins change dossiers', () => {
    expect(ROLES.filter(mayReview)).toEqual(['reviewer', 'admin']);
  });
});
