// Variable scopes (Zeebe semantics): reading sees an instance's own variables, then each enclosing
// scope's; writing a propagated variable lands in the nearest scope that already holds it, else in
// the process scope. Input mappings create local variables, which is how a sub-process or a
// multi-instance iteration keeps its own copy.
import type { ElementInstance, Vars } from './types';

export type InstanceLookup = (id: number) => ElementInstance | undefined;

export function chainOf(inst: ElementInstance, lookup: InstanceLookup): ElementInstance[] {
  const chain: ElementInstance[] = [];
  let cur: ElementInstance | undefined = inst;
  while (cur) {
    chain.push(cur);
    cur = cur.scopeId === undefined ? undefined : lookup(cur.scopeId);
  }
  return chain;
}

export function visibleVars(inst: ElementInstance, lookup: InstanceLookup): Vars {
  const out: Vars = {};
  for (const s of chainOf(inst, lookup).reverse()) Object.assign(out, s.vars);
  return out;
}

export function setPropagated(from: ElementInstance, name: string, value: unknown, lookup: InstanceLookup): void {
  const chain = chainOf(from, lookup);
  const holder = chain.find((s) => Object.prototype.hasOwnProperty.call(s.vars, name)) ?? chain[chain.length - 1]!;
  holder.vars[name] = value;
}
