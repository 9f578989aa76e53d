// Process variables travel into the workflow's history and into SQLite columns read back on every
// page. A value too large to keep whole is refused before anything is written (413 naming the
// variables that take the room), never stored cut off: a cut JSON text cannot be read back.
import { PayloadTooLargeError } from '../errors';

/** UTF-8 bytes of the variables of one request, as JSON */
export const VARIABLES_LIMIT_BYTES = 64 * 1024;

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? 'null', 'utf8');
}

/** throws 413 when `variables` (one request's) take more than VARIABLES_LIMIT_BYTES as JSON */
export function assertVariablesFit(variables: Record<string, unknown> | undefined): void {
  if (!variables) return;
  const total = jsonBytes(variables);
  if (total <= VARIABLES_LIMIT_BYTES) return;
  // name the largest variables, as many as must shrink for the rest to fit
  const bySize = Object.entries(variables)
    .map(([variable, v]) => ({ variable, bytes: jsonBytes(v) }))
    .sort((a, b) => b.bytes - a.bytes);
  const largest: typeof bySize = [];
  let rest = total;
  for (const v of bySize) {
    if (rest <= VARIABLES_LIMIT_BYTES) break;
    largest.push(v);
    rest -= v.bytes;
  }
  throw new PayloadTooLargeError(
    `the variables take ${total} bytes as JSON, more than the ${VARIABLES_LIMIT_BYTES} allowed; largest: ${largest.map((l) => `${l.variable} (${l.bytes} bytes)`).join(', ')}`,
    { limitBytes: VARIABLES_LIMIT_BYTES, bytes: total, variables: largest },
  );
}
