// The content hash of a compiled graph. We hash the graph, not the XML: moving a shape, reformatting
// or reordering attributes does not change what runs, so it does not make a new version; renaming
// an element or changing a condition does. Keys are sorted so object construction order is irrelevant.
import { createHash } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

export function graphHash(graph: unknown): string {
  return createHash('sha256').update(canonicalJson(graph)).digest('hex');
}
