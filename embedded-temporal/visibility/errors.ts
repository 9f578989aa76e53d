/**
 * A List Filter (visibility query) the service cannot run. The message names the offending token
 * and its position (0-based character offset into the query) so a caller can point at it; the
 * gRPC layer turns this into INVALID_ARGUMENT.
 */
export class VisibilityQueryError extends Error {
  override readonly name = 'VisibilityQueryError';

  constructor(
    readonly reason: string,
    /** The offending token as written in the query ('' at the end of the query). */
    readonly token: string,
    /** 0-based character offset of the token in the query. */
    readonly position: number,
  ) {
    const shown = /^['"`]/.test(token) ? token : `'${token}'`;
    const where = token === '' ? `at the end of the query (position ${position})` : `${shown} at position ${position}`;
    super(`Invalid visibility query: ${where}: ${reason}`);
  }
}
