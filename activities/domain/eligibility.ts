// Can a compound form an owners' committee? (Property Management Regulations; docs/processes.md C.1)
// Eligible when the delivered exclusive area is at least half of the total, or when two full years
// have passed since the first flat was delivered. Otherwise the owners choose 3–5 representatives
// instead (001: 63 compounds in Laoling took that path).
//
// "Two full years" follows Civil Code arts. 201–203: the delivery day itself is not counted, the
// period ends at 24:00 of the corresponding day two years later (the month's last day when it has
// none), so the compound is eligible from the following day.
import { addDays, addYears, compareDates, formatDate, parseCalendarDate } from './calendar';
import { align, parseDecimal } from './decimal';
import { DomainInputError } from './errors';

export interface EligibilityInput {
  /** total exclusive area of the compound, m² */
  totalArea: string | number;
  /** exclusive area delivered to buyers so far, m² */
  deliveredArea: string | number;
  /** first delivery of a flat, "YYYY-MM-DD"; absent when nothing is delivered yet */
  firstDeliveryDate?: string | null;
  /** the day of the check, "YYYY-MM-DD" */
  asOf: string;
}

export interface EligibilityResult {
  eligible: boolean;
  /** which rule made it eligible */
  grounds: ('delivered-area' | 'two-years-since-delivery')[];
  deliveredAreaAtLeastHalf: boolean;
  /** first day the two-year rule holds, "YYYY-MM-DD" (null when nothing is delivered) */
  twoYearsReachedOn: string | null;
}

export function checkEligibility(input: EligibilityInput): EligibilityResult {
  const total = parseDecimal(input.totalArea, 'totalArea');
  const delivered = parseDecimal(input.deliveredArea, 'deliveredArea');
  const [d, t] = align(delivered, total);
  if (t === 0n) throw new DomainInputError('totalArea', 'must be greater than zero');
  if (d > t) throw new DomainInputError('deliveredArea', 'exceeds the total area');
  const asOf = parseCalendarDate(input.asOf, 'asOf');

  const deliveredAreaAtLeastHalf = 2n * d >= t;
  let twoYearsReachedOn: string | null = null;
  let twoYears = false;
  if (input.firstDeliveryDate !== undefined && input.firstDeliveryDate !== null && input.firstDeliveryDate !== '') {
    const first = parseCalendarDate(input.firstDeliveryDate, 'firstDeliveryDate');
    if (compareDates(first, asOf) > 0) throw new DomainInputError('firstDeliveryDate', 'is after the day of the check');
    if (d === 0n) throw new DomainInputError('firstDeliveryDate', 'is given but the delivered area is zero');
    const reached = addDays(addYears(first, 2), 1);
    twoYearsReachedOn = formatDate(reached);
    twoYears = compareDates(asOf, reached) >= 0;
  }
  const grounds: EligibilityResult['grounds'] = [];
  if (deliveredAreaAtLeastHalf) grounds.push('delivered-area');
  if (twoYears) grounds.push('two-years-since-delivery');
  return { eligible: grounds.length > 0, grounds, deliveredAreaAtLeastHalf, twoYearsReachedOn };
}
