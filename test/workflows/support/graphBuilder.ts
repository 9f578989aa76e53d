// Builds ProcessGraphs by hand for engine unit tests (the compiler is tested on its own): elements
// without incoming/outgoing, flows as [source, target, condition?]; wiring is derived.
import type { GraphElement, ProcessGraph, SequenceFlow } from '../../../bpmn/graph';

type Loose = { id: string; kind: GraphElement['kind'] | string } & Record<string, unknown>;
export type FlowSpec = [string, string] | [string, string, string | { id?: string; condition?: string; default?: boolean }];

export function buildGraph(elements: Loose[], flows: FlowSpec[], processKey = 'p'): ProcessGraph {
  const els: Record<string, GraphElement> = {};
  for (const e of elements) {
    const base = { incoming: [], outgoing: [], ...e } as unknown as GraphElement;
    if (base.kind === 'userTask') base.formFields ??= [];
    if (base.kind === 'serviceTask') base.input ??= [];
    if (base.kind === 'subProcess') base.startIds = [];
    if (base.kind === 'callActivity') base.propagateAllVariables ??= true;
    if ((base.kind === 'startEvent' || base.kind === 'endEvent' || base.kind === 'intermediateCatchEvent' || base.kind === 'intermediateThrowEvent') && !('event' in base)) {
      (base as { event: unknown }).event = { type: 'none' };
    }
    els[e.id] = base;
  }
  const fl: Record<string, SequenceFlow> = {};
  flows.forEach(([source, target, extra], i) => {
    const opts = typeof extra === 'string' ? { condition: extra } : (extra ?? {});
    const id = opts.id ?? `f${i}_${source}_${target}`;
    fl[id] = { id, source, target, condition: opts.condition };
    els[source]!.outgoing.push(id);
    els[target]!.incoming.push(id);
    if (opts.default) (els[source] as { defaultFlow?: string }).defaultFlow = id;
  });
  const startIds: string[] = [];
  for (const el of Object.values(els)) {
    if (el.kind === 'boundaryEvent') {
      const host = els[el.attachedTo]!;
      host.boundaryIds = [...(host.boundaryIds ?? []), el.id];
      el.parentId = host.parentId;
    }
  }
  for (const el of Object.values(els)) {
    if (el.kind !== 'startEvent') continue;
    if (el.parentId) {
      const sp = els[el.parentId];
      if (sp?.kind === 'subProcess') sp.startIds.push(el.id);
    } else startIds.push(el.id);
  }
  return { schema: 1, processKey, name: processKey, elements: els, flows: fl, startIds, startVariables: [] };
}
