// JSON text read back from the database. Rows written before sizes were checked up front may hold
// JSON cut off mid-text; such a row is shown as unreadable rather than failing the whole page.

export const UNREADABLE = { unreadable: true, reason: 'the stored JSON is damaged (cut off or not JSON); it cannot be shown' } as const;

export function readStoredJson<T>(text: string | null | undefined, whenAbsent: T): T | typeof UNREADABLE {
  if (text === null || text === undefined) return whenAbsent;
  try {
    return JSON.parse(text) as T;
  } catch {
    return UNREADABLE;
  }
}
