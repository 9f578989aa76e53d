// Parsed JSON that would break gridflow later is refused at the door with a 400 naming where it is:
// - a lone UTF-16 surrogate ("\ud800" escaped in the JSON text, in a key or a value) cannot be
//   encoded as UTF-8, so SQLite, the Temporal payload converter and our own answers fail on it;
// - nesting deeper than MAX_JSON_DEPTH: JSON.parse copes with any depth, but the recursive code
//   after it (zod, JSON.stringify, the workflow's payloads) overflows the stack.
// The walk keeps its own stack, so checking a 50,000-deep value does not overflow either.

export const MAX_JSON_DEPTH = 64;

export interface JsonHazard {
  /** dotted path to the offending value ('' = the body itself) */
  path: string;
  message: string;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

function isText(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}

function describePath(keys: string[]): string {
  return keys.map((k) => k.replace(LONE_SURROGATES, '\ufffd')).join('.');
}

export function findJsonHazard(value: unknown): JsonHazard | null {
  const stack: { value: unknown; keys: string[] }[] = [{ value, keys: [] }];
  while (stack.length) {
    const { value: v, keys } = stack.pop()!;
    if (typeof v === 'string') {
      if (!isText(v)) return { path: describePath(keys), message: 'holds a lone UTF-16 surrogate (e.g. \\ud800), which is not text' };
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (keys.length >= MAX_JSON_DEPTH) return { path: describePath(keys.slice(0, 8)) + '…', message: `is nested deeper than ${MAX_JSON_DEPTH} levels` };
    if (Array.isArray(v)) {
      v.forEach((item, i) => (typeof item === 'object' || typeof item === 'string') && stack.push({ value: item, keys: [...keys, String(i)] }));
      continue;
    }
    for (const [k, item] of Object.entries(v)) {
      if (!isText(k)) return { path: describePath([...keys, k]), message: 'has a key holding a lone UTF-16 surrogate (e.g. \\ud800), which is not text' };
      if (typeof item === 'object' || typeof item === 'string') stack.push({ value: item, keys: [...keys, k] });
    }
  }
  return null;
}
