// The three kinds of user (docs/processes.md): admins edit and deploy diagrams and manage org data;
// officials act on the tasks of their own units; auditors read everything and change nothing.
export const ROLES = ['admin', 'official', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The authenticated caller, as every route handler sees it. */
export interface Caller {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  unitId: number | null;
  sessionId: string;
  /** an admin reset the password: until the user picks their own, only the password routes answer */
  mustChangePassword: boolean;
  /** how the request proved who it is: cookie-authenticated writes also need the CSRF token */
  via: 'bearer' | 'cookie' | 'query';
}
