import { VisibilityQueryError } from './errors';

/**
 * Tokens of Temporal's List Filter language, a small SQL WHERE dialect. Keywords are
 * case-insensitive; attribute names are case-sensitive and may be quoted with backticks.
 */
export type TokenKind = 'name' | 'keyword' | 'string' | 'number' | 'op' | 'lparen' | 'rparen' | 'comma' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Keywords upper-cased, names and strings unquoted/unescaped, numbers and ops as written. */
  value: string;
  /** The token exactly as written, for error messages. */
  text: string;
  position: number;
}

const KEYWORDS = new Set([
  'AND', 'OR', 'NOT', 'IN', 'BETWEEN', 'IS', 'NULL', 'STARTS_WITH', 'ORDER', 'GROUP', 'BY', 'ASC', 'DESC',
  'TRUE', 'FALSE', 'LIMIT', 'LIKE',
]);

// MySQL-style backslash escapes, which Temporal's parser (a MySQL grammar) honours in strings.
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', '0': '\0', Z: '\x1a' };

const WORD_START = /[\p{L}_]/u;
const WORD_PART = /[\p{L}\p{N}_]/u;

export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i];
    if (/\s/.test(c)) { i += 1; continue; }
    const start = i;
    if (c === "'" || c === '"') {
      const { value, end } = readQuoted(query, i, c, true);
      tokens.push({ kind: 'string', value, text: query.slice(start, end), position: start });
      i = end;
    } else if (c === '`') {
      const { value, end } = readQuoted(query, i, '`', false);
      if (value === '') throw new VisibilityQueryError('an attribute name cannot be empty', '``', start);
      tokens.push({ kind: 'name', value, text: query.slice(start, end), position: start });
      i = end;
    } else if (/[0-9]/.test(c) || ((c === '-' || c === '.') && /[0-9]/.test(query[i + 1] ?? ''))) {
      const m = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(query.slice(i));
      const text = m ? m[0] : c;
      if (WORD_PART.test(query[i + text.length] ?? '')) {
        const bad = /^[\p{L}\p{N}_.-]+/u.exec(query.slice(i))?.[0] ?? text;
        throw new VisibilityQueryError('not a number (quote strings, e.g. \'abc\')', bad, start);
      }
      tokens.push({ kind: 'number', value: text, text, position: start });
      i += text.length;
    } else if (WORD_START.test(c)) {
      let j = i + 1;
      while (j < query.length && WORD_PART.test(query[j])) j += 1;
      const text = query.slice(i, j);
      const upper = text.toUpperCase();
      tokens.push(KEYWORDS.has(upper)
        ? { kind: 'keyword', value: upper, text, position: start }
        : { kind: 'name', value: text, text, position: start });
      i = j;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c === '(' ? 'lparen' : c === ')' ? 'rparen' : 'comma', value: c, text: c, position: start });
      i += 1;
    } else {
      const op = ['<=', '>=', '!=', '<>', '=', '<', '>'].find((o) => query.startsWith(o, i));
      if (!op) throw new VisibilityQueryError('unexpected character', c, start);
      tokens.push({ kind: 'op', value: op === '<>' ? '!=' : op, text: op, position: start });
      i += op.length;
    }
  }
  tokens.push({ kind: 'eof', value: '', text: '', position: query.length });
  return tokens;
}

/** Reads a quoted run starting at `start`; a doubled quote stands for itself. */
function readQuoted(query: string, start: number, quote: string, backslashEscapes: boolean): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < query.length) {
    const c = query[i];
    if (c === quote) {
      if (query[i + 1] === quote) { value += quote; i += 2; continue; }
      return { value, end: i + 1 };
    }
    if (backslashEscapes && c === '\\' && i + 1 < query.length) {
      const next = query[i + 1];
      value += ESCAPES[next] ?? next;
      i += 2;
      continue;
    }
    value += c;
    i += 1;
  }
  const what = quote === '`' ? 'attribute name' : 'string';
  throw new VisibilityQueryError(`unterminated ${what} (missing closing ${quote})`, query.slice(start, start + 20), start);
}
