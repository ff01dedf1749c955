import { describe, expect, it } from 'vitest';
import { menuFor, permissionsOf, roleAllows, type Grant, type MenuEntry } from './access';

const grant = (role: Grant['role']): Grant => ({ role, unit: 1, unit_code: '24', unit_name: 'Tỉnh Bắc Ninh' });

describe('roles', () => {
  it('permit what the server permits', () => {
    expect(roleAllows('officer', 'enter_facts')).toBe(true);
    expect(roleAllows('viewer', 'enter_facts')).toBe(false);
    expect(roleAllows('auditor', 'read_audit')).toBe(true);
    expect(roleAllows('appraiser', 'read_audit')).toBe(false);
    expect(permissionsOf([grant('national_admin')])).toHaveLength(6);
  });
  it('add up over several grants', () => {
    expect(permissionsOf([grant('viewer'), grant('auditor')])).toEqual(['read', 'read_audit']);
    expect(permissionsOf([])).toEqual([]);
  });
});

describe('the menu', () => {
  const menu: MenuEntry[] = [
    { route: 'home', label: 'menu.home', permission: null },
    { route: 'facts', label: 'x', permission: 'enter_facts' },
    { route: 'users', label: 'y', permission: 'manage_accounts' },
    { route: 'audit', label: 'z', permission: 'read_audit' },
  ];
  const routes = (grants: Grant[]) => menuFor(grants, menu).map((entry) => entry.route);
  it('shows only what a role may use', () => {
    expect(routes([grant('officer')])).toEqual(['home', 'facts']);
    expect(routes([grant('viewer')])).toEqual(['home']);
    expect(routes([grant('auditor')])).toEqual(['home', 'audit']);
    expect(routes([grant('province_admin')])).toEqual(['home', 'facts', 'users', 'audit']);
  });
  it('has only the screens that exist', () => {
    expect(menuFor([grant('viewer')]).map((entry) => entry.route)).toEqual(['home', 'password']);
  });
});
