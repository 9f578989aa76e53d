// Areas are stored as integers in square decimetres (1 m² = 100 dm², i.e. m² with two decimals)
// so sums and the 2/3 and 1/2 thresholds of the owners' vote are exact. These convert to and from
// the decimal m² strings people read and the domain rules (activities/domain) take.

export class AreaFormatError extends Error {
  constructor(readonly value: unknown) {
    super(`not an area in m² with at most two decimals: ${JSON.stringify(value)}`);
    this.name = 'AreaFormatError';
  }
}

/** 12345 dm² → "123.45" (m²) */
export function formatAreaM2(dm2: number): string {
  if (!Number.isSafeInteger(dm2) || dm2 < 0) throw new AreaFormatError(dm2);
  const whole = Math.floor(dm2 / 100);
  const cents = dm2 % 100;
  return `${whole}.${String(cents).padStart(2, '0')}`;
}

/** "123.45" or "123" (m²) → 12345 dm²; more than two decimals is refused rather than rounded */
export function parseAreaM2(m2: string): number {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(m2.trim());
  if (!m) throw new AreaFormatError(m2);
  const dm2 = Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
  if (!Number.isSafeInteger(dm2)) throw new AreaFormatError(m2);
  return dm2;
}
