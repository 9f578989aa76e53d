// Quick checks the panel runs while typing; the compiler on the server stays the authority.
const ISO_DURATION = /^-?P(?!$)(\d+(?:[.,]\d+)?Y)?(\d+(?:[.,]\d+)?M)?(\d+(?:[.,]\d+)?W)?(\d+(?:[.,]\d+)?D)?(T(?=\d)(\d+(?:[.,]\d+)?H)?(\d+(?:[.,]\d+)?M)?(\d+(?:[.,]\d+)?S)?)?$/;
const IDENTIFIER = /^[A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff]*$/;

/** ISO 8601 duration (P5D, PT4H) or a FEEL expression ("=..."); empty is allowed (attribute removed). */
export function isDurationOrFeel(value: string | undefined): boolean {
  if (!value) return true;
  const v = value.trim();
  return v.startsWith('=') || ISO_DURATION.test(v);
}

export function isIdentifier(value: string | undefined): boolean {
  return !value || IDENTIFIER.test(value.trim());
}

export function isRetryCount(value: string | undefined): boolean {
  return !value || /^\d+$/.test(value.trim());
}

/** "pass:通过, veto:否决" → options; a bare "pass" is its own label. */
export function parseOptions(text: string): { value: string; label: string }[] {
  return text
    .split(/[,,;;\n]/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const i = part.search(/[::]/);
      if (i < 0) return { value: part, label: part };
      const value = part.slice(0, i).trim();
      return { value, label: part.slice(i + 1).trim() || value };
    })
    .filter((o) => o.value);
}

export function formatOptions(options: { value?: unknown; label?: unknown }[]): string {
  return options.map((o) => (o.label && o.label !== o.value ? `${String(o.value)}:${String(o.label)}` : String(o.value ?? ''))).join(', ');
}

const CANDIDATE_UNIT_GROUP = /^=?\s*\[\s*"unit:([^:"]+):([^:"]+)"\s*\]\s*$/;

/** `=["unit:street-1:secretary"]` → {unit: 'street-1', role: 'secretary'}; anything else → null. */
export function parseUnitGroup(value: string | undefined): { unit: string; role: string } | null {
  const m = value ? CANDIDATE_UNIT_GROUP.exec(value) : null;
  return m ? { unit: m[1], role: m[2] } : null;
}

export function unitGroupExpression(unit: string, role: string): string {
  return `=["unit:${unit}:${role}"]`;
}
