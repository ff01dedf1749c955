// What each role may do, as the server decides it (src/app/access/scope.h, RoleAllows), and the
// menu built from it: an entry shows only when one of the user's roles permits it. The server
// checks every request anyway; this only keeps out of sight what would be refused.
import type { components } from '../generated/api';

export type SessionUser = components['schemas']['SessionUser'];
export type Grant = SessionUser['grants'][number];
export type Role = Grant['role'];

export const PERMISSIONS = ['read', 'enter_facts', 'restate', 'manage_programmes', 'manage_accounts', 'read_audit'] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  officer: ['read', 'enter_facts'],
  appraiser: ['read'],
  province_admin: ['read', 'enter_facts', 'restate', 'manage_programmes', 'manage_accounts', 'read_audit'],
  national_admin: PERMISSIONS,
  viewer: ['read'],
  auditor: ['read', 'read_audit'],
};

export function roleAllows(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

// Every permission any of the grants gives, in the order of PERMISSIONS.
export function permissionsOf(grants: readonly Grant[]): Permission[] {
  return PERMISSIONS.filter((permission) => grants.some((grant) => roleAllows(grant.role, permission)));
}

export interface MenuEntry {
  route: string; // a route name of router.ts
  label: string; // an i18n key
  permission: Permission | null; // null: every signed-in user
}

// Only screens that exist: each later screen adds its line here with the permission it needs.
export const MENU: readonly MenuEntry[] = [
  { route: 'home', label: 'menu.home', permission: null },
  { route: 'password', label: 'menu.password', permission: null },
];

export function menuFor(grants: readonly Grant[], menu: readonly MenuEntry[] = MENU): MenuEntry[] {
  const allowed = new Set(permissionsOf(grants));
  return menu.filter((entry) => entry.permission === null || allowed.has(entry.permission));
}
