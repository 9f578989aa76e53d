// "Small matters stay in the community, big matters stay in the street" (000): the level a
// secretary-led project was settled at is the highest org level its supervision escalated to,
// or the level that led it when nothing escalated. The share settled at each level is a figure
// the street reports, so the level is recorded on the project.
import { DomainInputError } from './errors';

export const DEFAULT_LEVEL_LADDER: readonly string[] = ['grid', 'community', 'street', 'district', 'city'];

export interface SettledLevelInput {
  /** the level that led the item (e.g. "street" for a street-secretary-led project) */
  baseLevel: string;
  /** escalation levels reached by the item's tasks, in any order, repeats allowed */
  reachedLevels: readonly string[];
  ladder?: readonly string[];
}

export function settledLevel({ baseLevel, reachedLevels, ladder = DEFAULT_LEVEL_LADDER }: SettledLevelInput): string {
  const rank = (level: string, field: string) => {
    const i = ladder.indexOf(level);
    if (i < 0) throw new DomainInputError(field, `"${level}" is not one of ${ladder.join(', ')}`);
    return i;
  };
  let best = rank(baseLevel, 'baseLevel');
  reachedLevels.forEach((l, i) => {
    // escalation chains may name non-org steps (e.g. "department-head"); they do not raise the level
    if (!ladder.includes(l)) return;
    best = Math.max(best, rank(l, `reachedLevels[${i}]`));
  });
  return ladder[best];
}
