// Who is signed in, and what each role may open. The nav and the router both read ROLE_PAGES so
// a page missing from a role's nav is also refused by the router.
import { ApiError, get, post, setCsrfToken, type Role, type User } from './api';

export type PageId = 'modeler' | 'versions' | 'inbox' | 'instances' | 'reports' | 'account';

export const ROLE_PAGES: Record<Role, PageId[]> = {
  admin: ['modeler', 'versions', 'instances', 'reports', 'account'],
  official: ['inbox', 'reports', 'account'],
  auditor: ['instances', 'reports', 'account'],
};

export function homeOf(user: User): string {
  if (user.mustChangePassword) return '#/account';
  return `#/${ROLE_PAGES[user.role]?.[0] ?? 'login'}`;
}

export function mayOpen(user: User, page: PageId): boolean {
  return (ROLE_PAGES[user.role] ?? []).includes(page);
}

let currentUser: User | null = null;
/** admins: how many accounts still have the public demo password (null for others) */
let demoAccounts: number | null = null;

export function user(): User | null {
  return currentUser;
}

export function demoPasswordAccounts(): number | null {
  return demoAccounts;
}

/** the password changed: the server answers the user as it is now */
export function passwordChanged(updated: User): void {
  currentUser = updated;
  if (demoAccounts !== null && demoAccounts > 0) demoAccounts -= 1;
}

export async function loadSession(): Promise<User | null> {
  try {
    const me = await get<{ user?: User; csrfToken?: string; demoPasswordAccounts?: number | null } & Partial<User>>('/api/auth/me');
    // the server answers {user, csrfToken}; a bare user is accepted too
    if (me.csrfToken) setCsrfToken(me.csrfToken);
    currentUser = me.user ?? (me.username ? (me as User) : null);
    demoAccounts = me.demoPasswordAccounts ?? null;
  } catch (err) {
    if (!(err instanceof ApiError) || (err.status !== 401 && err.status !== 403)) throw err;
    currentUser = null;
  }
  return currentUser;
}

export async function login(username: string, password: string): Promise<User> {
  const res = await post<{ token: string; csrfToken: string; user: User; demoPasswordAccounts?: number | null }>('/api/auth/login', { username, password });
  setCsrfToken(res.csrfToken);
  currentUser = res.user;
  demoAccounts = res.demoPasswordAccounts ?? null;
  return res.user;
}

/** The session ended on the server (expired, revoked): forget it here too. */
export function forgetSession(): void {
  setCsrfToken(null);
  currentUser = null;
}

export async function logout(): Promise<void> {
  try {
    await post('/api/auth/logout');
  } finally {
    setCsrfToken(null);
    currentUser = null;
  }
}
