// Bad input to a governance rule is a data problem an official must fix (a roster with a negative
// area, a date that does not exist), not a crash: it names the field so the incident says where.
export class DomainInputError extends Error {
  override readonly name = 'DomainInputError';
  constructor(
    /** path of the offending value, e.g. "roster[3].area" */
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}
