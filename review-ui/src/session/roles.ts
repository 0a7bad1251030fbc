/**
 * What each role sees: the navigation entries, the start page, and which screens it may open.
 * The api enforces the same rules (403 `auth.forbidden`); the UI only avoids offering what would
 * be refused. Kept free of React so it can be tested.
 */
import type { Role } from '../api/types.js';
import type { MessageKey } from '../i18n/messages.js';
import { ROUTES, type RouteName } from '../router/routes.js';

export const ROLES: readonly Role[] = ['operator', 'reviewer', 'manager', 'admin'];

/** Roles that review: the queue is their start page, and they may edit, approve and reject. */
export const REVIEW_ROLES: readonly Role[] = ['reviewer', 'admin'];

/** Roles that answer for the target: the progress, holdings and pipeline screens are theirs. */
export const MANAGER_ROLES: readonly Role[] = ['manager', 'admin'];

export interface NavItem {
  /** Stable id, also the entry's `data-nav` attribute */
  id:
    | 'queue'
    | 'dossiers'
    | 'returns'
    | 'users'
    | 'workstations'
    | 'progress'
    | 'holdings'
    | 'pipeline'
    | 'catalogue';
  label: MessageKey;
  to: string;
  /** Path prefixes of screens reached from this entry, which mark it as the current section */
  sections: readonly string[];
  roles: readonly Role[];
}

const NAV: readonly NavItem[] = [
  {
    id: 'queue',
    label: 'nav.queue',
    to: ROUTES.home,
    sections: ['/review/'],
    roles: REVIEW_ROLES,
  },
  {
    id: 'dossiers',
    label: 'nav.dossiers',
    to: ROUTES.dossiers,
    sections: ['/dossiers/', '/documents/'],
    roles: ROLES,
  },
  {
    id: 'returns',
    label: 'nav.returns',
    to: ROUTES.returns,
    sections: [],
    roles: ['operator', 'admin'],
  },
  {
    id: 'progress',
    label: 'nav.progress',
    to: ROUTES.progress,
    sections: [],
    roles: MANAGER_ROLES,
  },
  {
    id: 'holdings',
    label: 'nav.holdings',
    to: ROUTES.holdings,
    sections: [],
    roles: MANAGER_ROLES,
  },
  {
    id: 'pipeline',
    label: 'nav.pipeline',
    to: ROUTES.pipeline,
    sections: [],
    roles: MANAGER_ROLES,
  },
  {
    id: 'catalogue',
    label: 'nav.catalogue',
    to: ROUTES.search,
    sections: ['/tai-lieu/'],
    roles: ROLES,
  },
  { id: 'users', label: 'nav.users', to: ROUTES.adminUsers, sections: [], roles: ['admin'] },
  {
    id: 'workstations',
    label: 'nav.workstations',
    to: ROUTES.adminWorkstations,
    sections: [],
    roles: ['admin'],
  },
];

/** The navigation entries of `role`, in display order. */
export const navFor = (role: Role): NavItem[] => NAV.filter((n) => n.roles.includes(role));

/** Whether `pathname` is the entry's own page (`page`), inside its section (`section`), or not. */
export function navState(item: NavItem, pathname: string): 'page' | 'section' | null {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === item.to) return 'page';
  return item.sections.some((s) => path.startsWith(s)) ? 'section' : null;
}

/**
 * Where `role` starts: reviewers and admins on the review queue at `/`, operators on the dossiers
 * sent back to them, managers on the progress dashboard.
 */
export function homeFor(role: Role): string {
  switch (role) {
    case 'reviewer':
    case 'admin':
      return ROUTES.home;
    case 'operator':
      return ROUTES.returns;
    case 'manager':
      return ROUTES.progress;
  }
}

/** Screens limited to some roles; every other screen is open to anyone signed in. */
const SCREEN_ROLES: Partial<Record<RouteName, readonly Role[]>> = {
  adminUsers: ['admin'],
  adminWorkstations: ['admin'],
  progress: MANAGER_ROLES,
  holdings: MANAGER_ROLES,
  pipeline: MANAGER_ROLES,
};

/** Whether `role` may open the screen `route` (others see the "no permission" screen). */
export const mayOpen = (route: RouteName, role: Role): boolean =>
  SCREEN_ROLES[route]?.includes(role) ?? true;

/** Whether `role` may change a dossier: edit, restructure, approve, reject, return. */
export const mayReview = (role: Role): boolean => REVIEW_ROLES.includes(role);
