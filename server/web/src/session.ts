// Who is signed in, and what each role may open. The nav and the router both read ROLE_PAGES so
// a page missing from a role's nav is also refused by the router.
import { ApiError, get, post, setCsrfToken, type Role, type User } from './api';

export type PageId = 'modeler' | 'versions' | 'inbox' | 'instances' | 'reports';

export const ROLE_PAGES: Record<Role, PageId[]> = {
  admin: ['modeler', 'versions', 'instances', 'reports'],
  official: ['inbox', 'reports'],
  auditor: ['instances', 'reports'],
};

export function homeOf(user: User): string {
  return `#/${ROLE_PAGES[user.role]?.[0] ?? 'login'}`;
}

export function mayOpen(user: User, page: PageId): boolean {
  return (ROLE_PAGES[user.role] ?? []).includes(page);
}

let currentUser: User | null = null;

export function user(): User | null {
  return currentUser;
}

export async function loadSession(): Promise<User | null> {
  try {
    const me = await get<{ user?: User; csrfToken?: string } & Partial<User>>('/api/auth/me');
    // the server answers {user, csrfToken}; a bare user is accepted too
    if (me.csrfToken) setCsrfToken(me.csrfToken);
    currentUser = me.user ?? (me.username ? (me as User) : null);
  } catch (err) {
    if (!(err instanceof ApiError) || (err.status !== 401 && err.status !== 403)) throw err;
    currentUser = null;
  }
  return currentUser;
}

export async function login(username: string, password: string): Promise<User> {
  const res = await post<{ token: string; csrfToken: string; user: User }>('/api/auth/login', { username, password });
  setCsrfToken(res.csrfToken);
  currentUser = res.user;
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
