import { describe, expect, it } from 'vitest';
import {
  ACCESS_POLICY,
  ANONYMOUS,
  draftModes,
  mayRead,
  mayReadMode,
  readableModes,
  strictestMode,
  viewerFor,
  type StaffRole,
  type Viewer,
} from './access.js';
import { ACCESS_MODES } from './code-lists.js';

const ROLES: readonly StaffRole[] = ['operator', 'reviewer', 'manager', 'admin'];
const staff = (role: StaffRole): Viewer => ({ kind: 'staff', role });

/** The expected decision for every mode of the code list and every viewer, written out. */
const EXPECTED: Record<string, Record<'anonymous' | StaffRole, boolean>> = {
  '01': { anonymous: true, operator: true, reviewer: true, manager: true, admin: true },
  '02': { anonymous: false, operator: true, reviewer: true, manager: true, admin: true },
  '03': { anonymous: false, operator: false, reviewer: true, manager: true, admin: true },
};

describe('access decision', () => {
  it('covers every access mode of the TT 05 code list', () => {
    expect(Object.keys(ACCESS_POLICY).sort()).toEqual(ACCESS_MODES.map((m) => m.code).sort());
    expect(Object.keys(EXPECTED).sort()).toEqual(ACCESS_MODES.map((m) => m.code).sort());
  });

  for (const mode of ACCESS_MODES.map((m) => m.code)) {
    it(`mode ${mode}: anonymous readers and each role`, () => {
      const want = EXPECTED[mode];
      if (want === undefined) throw new Error(`no expectation for ${mode}`);
      expect(mayReadMode(ANONYMOUS, mode)).toBe(want.anonymous);
      expect(mayRead(ANONYMOUS, [mode])).toBe(want.anonymous);
      for (const role of ROLES) {
        expect({ role, may: mayReadMode(staff(role), mode) }).toEqual({ role, may: want[role] });
        expect(mayRead(staff(role), [mode])).toBe(want[role]);
      }
    });
  }

  it('needs every governing mode: document, dossier and later versions', () => {
    expect(mayRead(ANONYMOUS, ['01', '01'])).toBe(true);
    expect(mayRead(ANONYMOUS, ['01', '02'])).toBe(false);
    expect(mayRead(staff('operator'), ['02', '01'])).toBe(true);
    expect(mayRead(staff('operator'), ['01', '03'])).toBe(false);
    expect(mayRead(staff('manager'), ['01', '02', '03'])).toBe(true);
  });

  it('fails closed: a missing, empty or unknown mode reads as secret', () => {
    for (const modes of [[], [null], [undefined], ['04'], ['01', 'xx'], ['']]) {
      expect(mayRead(ANONYMOUS, modes)).toBe(false);
      expect(mayRead(staff('operator'), modes)).toBe(false);
      expect(mayRead(staff('reviewer'), modes)).toBe(true);
    }
  });

  it('gives SQL the same sets as the decision', () => {
    expect(readableModes(ANONYMOUS)).toEqual(['01']);
    expect(readableModes(staff('operator'))).toEqual(['01', '02']);
    for (const role of ['reviewer', 'manager', 'admin'] as const) {
      expect(readableModes(staff(role))).toEqual(['01', '02', '03']);
    }
    for (const v of [ANONYMOUS, ...ROLES.map(staff)]) {
      for (const m of ACCESS_MODES) {
        expect(readableModes(v).includes(m.code)).toBe(mayReadMode(v, m.code));
      }
    }
  });

  it('maps a session role (or none) to a viewer', () => {
    expect(viewerFor(null)).toEqual(ANONYMOUS);
    expect(viewerFor(undefined)).toEqual(ANONYMOUS);
    expect(viewerFor('manager')).toEqual({ kind: 'staff', role: 'manager' });
  });
});

describe('strictestMode', () => {
  it('names the most restrictive governing mode, secret for unknown or none', () => {
    expect(strictestMode(['01'])).toBe('01');
    expect(strictestMode(['01', '02'])).toBe('02');
    expect(strictestMode(['03', '01'])).toBe('03');
    expect(strictestMode(['01', 'zz'])).toBe('03');
    expect(strictestMode([])).toBe('03');
  });
});

describe('draftModes', () => {
  const operator = staff('operator');
  it('governs a draft by its own mode and its dossier’s', () => {
    expect(mayRead(operator, draftModes('01', '03'))).toBe(false);
    expect(mayRead(operator, draftModes('03', '01'))).toBe(false);
    expect(mayRead(operator, draftModes('01', '02'))).toBe(true);
    expect(mayRead(ANONYMOUS, draftModes('01', '02'))).toBe(false);
    expect(mayRead(staff('reviewer'), draftModes('01', '03'))).toBe(true);
  });

  it('lets a document without a mode (and a page in no document) inherit the dossier’s', () => {
    expect(draftModes('02', null)).toEqual(['02', '02']);
    expect(draftModes('02')).toEqual(['02', '02']);
    expect(mayRead(operator, draftModes('03', null))).toBe(false);
    expect(mayRead(operator, draftModes('01'))).toBe(true);
  });

  it('fails closed when the dossier’s mode is missing or unknown', () => {
    expect(mayRead(operator, draftModes(null, null))).toBe(false);
    expect(mayRead(operator, draftModes(undefined))).toBe(false);
    expect(mayRead(operator, draftModes('zz', '01'))).toBe(false);
  });
});
