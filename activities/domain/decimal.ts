// Exact decimal quantities (floor areas in m², e.g. "89.57") as scaled BigInts. Statutory
// thresholds (2/3, more than half, 50 %) are decided by comparing cross products of integers, so a
// roster of 100,000 flats summing to 7,654,321.37 m² is compared exactly, never rounded.
import { DomainInputError } from './errors';

/** value = units / 10^scale */
export interface Decimal {
  units: bigint;
  scale: number;
}

const DECIMAL = /^(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** Parses a non-negative decimal given as a string ("89.57"), a bigint, or a finite number. */
export function parseDecimal(value: unknown, field: string): Decimal {
  let text: string;
  if (typeof value === 'bigint') text = value.toString();
  else if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new DomainInputError(field, `must be a finite number, got ${value}`);
    // String() yields the shortest decimal that round-trips, i.e. what the person typed.
    text = String(value);
  } else if (typeof value === 'string') text = value.trim();
  else throw new DomainInputError(field, `must be a decimal number, got ${value === null ? 'null' : typeof value}`);

  if (text.startsWith('-')) throw new DomainInputError(field, `must not be negative, got ${text}`);
  const m = DECIMAL.exec(text);
  if (!m) throw new DomainInputError(field, `is not a decimal number: "${text}"`);
  const fraction = m[2] ?? '';
  const exponent = m[3] ? Number(m[3]) : 0;
  let units = BigInt(m[1] + fraction);
  let scale = fraction.length - exponent;
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { units, scale };
}

export function rescale(d: Decimal, scale: number): bigint {
  if (scale < d.scale) throw new RangeError(`cannot rescale ${d.scale} down to ${scale}`);
  return d.units * 10n ** BigInt(scale - d.scale);
}

/** Sums decimals exactly; the result has the largest scale of its terms. */
export function sumDecimals(values: readonly Decimal[]): Decimal {
  const scale = values.reduce((s, v) => Math.max(s, v.scale), 0);
  return { units: values.reduce((acc, v) => acc + rescale(v, scale), 0n), scale };
}

/** Brings two decimals to one scale so their units compare as integers. */
export function align(a: Decimal, b: Decimal): [bigint, bigint] {
  const scale = Math.max(a.scale, b.scale);
  return [rescale(a, scale), rescale(b, scale)];
}

/** Canonical decimal text without trailing zeros ("1234.5"), for results people read. */
export function formatDecimal(d: Decimal): string {
  if (d.scale === 0) return d.units.toString();
  const digits = d.units.toString().padStart(d.scale + 1, '0');
  const int = digits.slice(0, digits.length - d.scale);
  const frac = digits.slice(digits.length - d.scale).replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}

/** a/b as a reduced fraction string "n/d" (b > 0), for showing shares exactly. */
export function fractionText(numerator: bigint, denominator: bigint): string {
  const g = gcd(numerator, denominator);
  return `${numerator / g}/${denominator / g}`;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? 1n : x;
}
