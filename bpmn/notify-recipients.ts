// A gridflow.notify task whose recipients are a literal (`gov:input target="recipients"
// source="official:police-head, unit:dept-tax:head"`) is checked at deploy: a malformed identity is
// refused naming the element, rather than found out when the notice falls due. Whether the person
// or unit exists is org data, checked when the notice is sent (unresolved ones go to the admins).
import { IdentityError, parseIdentity } from '../activities/org/identity';
import type { VariableMapping } from './graph';
import type { ProblemList } from './problems';

/** The text of a FEEL string literal (what a literal gov:input source compiles to), else undefined. */
function stringLiteral(feel: string): string | undefined {
  if (!/^"(?:[^"\\]|\\.)*"$/.test(feel.trim())) return undefined;
  try {
    return JSON.parse(feel.trim()) as string;
  } catch {
    return undefined;
  }
}

export function checkLiteralRecipients(problems: ProblemList, elementId: string, input: readonly VariableMapping[]): void {
  for (const m of input) {
    if (m.target !== 'recipients') continue;
    const text = stringLiteral(m.source);
    if (text === undefined) continue;
    const identities = text.split(',').map((r) => r.trim()).filter((r) => r !== '');
    if (identities.length === 0) problems.add(elementId, 'gridflow.notify recipients are empty: name who is told');
    for (const identity of identities) {
      try {
        parseIdentity(identity);
      } catch (e) {
        if (!(e instanceof IdentityError)) throw e;
        problems.add(elementId, `gridflow.notify recipient ${e.message}`);
      }
    }
  }
}
