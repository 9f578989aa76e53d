// Element and flow maps are plain objects keyed by BPMN ids, which come from the uploader: a lookup
// must not find Object.prototype's members ("constructor", "toString") for an id that is not there.

export function own<T>(record: Record<string, T>, key: string | undefined): T | undefined {
  return key !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Ids that cannot be keys of a plain object: assigning one would replace the object's prototype. */
export const RESERVED_IDS: ReadonlySet<string> = new Set(['__proto__']);
