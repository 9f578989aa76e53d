// ISO 8601 durations, dates and cycles: pure UTC arithmetic the workflow can replay.
import {
  addDuration, formatIsoDuration, InvalidIsoTimeError, isIsoCycle, isIsoDate, isIsoDuration,
  parseIsoCycle, parseIsoDate, parseIsoDuration, subtractIsoDurations, sumIsoDurations,
} from '../../bpmn/feel';

const utc = (s: string) => Date.parse(s);

test('durations parse into their components and print back', () => {
  expect(parseIsoDuration('P1Y2M3W4DT5H6M7.5S')).toEqual({ years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7.5 });
  expect(formatIsoDuration(parseIsoDuration('P1DT12H'))).toBe('P1DT12H');
  expect(formatIsoDuration(parseIsoDuration('PT0S'))).toBe('PT0S');
});

test('malformed durations are refused with a typed error', () => {
  for (const bad of ['P', 'PT', '5D', 'P5', 'P1DT', 'p5d', 'P-1D', 'PT1H2D', '']) {
    expect(isIsoDuration(bad)).toBe(false);
  }
  expect(() => parseIsoDuration('five days')).toThrow(InvalidIsoTimeError);
  expect(() => parseIsoDuration('five days')).toThrow('"five days" is not an ISO 8601 duration (e.g. P5D, PT2H, P1DT12H)');
});

test('adding durations in UTC: days are 24 h, months clamp to the month end', () => {
  expect(addDuration(utc('2026-03-01T09:00:00Z'), 'P5D')).toBe(utc('2026-03-06T09:00:00Z'));
  expect(addDuration(utc('2026-03-01T09:00:00Z'), 'PT36H')).toBe(utc('2026-03-02T21:00:00Z'));
  expect(addDuration(utc('2026-01-31T00:00:00Z'), 'P1M')).toBe(utc('2026-02-28T00:00:00Z'));
  expect(addDuration(utc('2024-01-31T00:00:00Z'), 'P1M')).toBe(utc('2024-02-29T00:00:00Z'));
  expect(addDuration(utc('2026-11-15T00:00:00Z'), 'P1Y2M')).toBe(utc('2028-01-15T00:00:00Z'));
  expect(addDuration(utc('2026-03-01T00:00:00Z'), 'P1W')).toBe(utc('2026-03-08T00:00:00Z'));
  expect(addDuration(utc('2026-03-01T00:00:00Z'), 'PT0.25S')).toBe(utc('2026-03-01T00:00:00.250Z'));
});

test('sums and exact differences of durations', () => {
  expect(sumIsoDurations(['P5D', 'PT0S', 'P2D'])).toBe('P7D');
  expect(sumIsoDurations(['P1M', 'P1D', 'PT36H'])).toBe('P1M1DT36H');
  expect(subtractIsoDurations('P5D', 'P1D')).toBe('P4D');
  expect(subtractIsoDurations('P5D', 'PT2H')).toBe('P4DT22H');
  expect(subtractIsoDurations('P1D', 'P2D')).toBeNull();
  expect(subtractIsoDurations('P1M', 'P3D')).toBeNull();
  expect(subtractIsoDurations('P1M5D', 'P3D')).toBe('P1M2D');
});

test('dates need a time zone and must exist', () => {
  expect(parseIsoDate('2026-03-01T09:00:00+08:00')).toBe(utc('2026-03-01T01:00:00Z'));
  expect(parseIsoDate('2026-03-01T09:00Z')).toBe(utc('2026-03-01T09:00:00Z'));
  expect(parseIsoDate('2026-03-01T09:00:00.5-0130')).toBe(utc('2026-03-01T10:30:00.500Z'));
  for (const bad of ['2026-03-01T09:00:00', '2026-02-30T00:00:00Z', '2026-03-01', '2026-13-01T00:00:00Z', '2026-03-01T24:00:00Z']) {
    expect(isIsoDate(bad)).toBe(false);
  }
});

test('cycles: R<n>/<duration>, R/<duration> without end, R<n>/<start>/<duration>', () => {
  expect(parseIsoCycle('R3/PT1H')).toEqual({ repetitions: 3, interval: 'PT1H' });
  expect(parseIsoCycle('R/P1D')).toEqual({ repetitions: null, interval: 'P1D' });
  expect(parseIsoCycle('R2/2026-03-01T00:00:00Z/P1W')).toEqual({ repetitions: 2, startMs: utc('2026-03-01T00:00:00Z'), interval: 'P1W' });
  for (const bad of ['R0/PT1H', 'R3', 'R3/soon', 'PT1H', '0 0 * * *']) expect(isIsoCycle(bad)).toBe(false);
});
