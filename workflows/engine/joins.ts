// Joining tokens at parallel and inclusive gateways. A token arriving at a join waits in its scope
// (scope.arrivals); the join fires when every incoming flow has a token (parallel) or when no token
// can still reach a missing flow (inclusive). A parallel join that waits for a flow no token can
// reach any more is an incident, never a silent deadlock.
import type { GraphElement, ProcessGraph, SequenceFlow } from '../../bpmn/graph';
import { reachableFrom } from './reachability';
import type { ElementInstance, EngineState, IncidentPhase } from './types';

export interface JoinHost {
  readonly graph: ProcessGraph;
  readonly state: EngineState;
  element(id: string): GraphElement;
  flow(id: string): SequenceFlow;
  enter(elementId: string, scopeId: number): ElementInstance;
  raise(instanceId: number | undefined, elementId: string, phase: IncidentPhase, message: string): void;
}

export function tryParallelJoin(host: JoinHost, scopeId: number, gatewayId: string): void {
  const scope = host.state.instances[scopeId];
  const at = scope?.arrivals?.[gatewayId];
  if (!scope || !at) return;
  const gw = host.element(gatewayId);
  if (gw.incoming.every((f) => (at[f] ?? 0) > 0)) fireJoin(host, scope, gatewayId, gw.incoming);
}

function fireJoin(host: JoinHost, scope: ElementInstance, gatewayId: string, flows: string[]): void {
  const at = scope.arrivals![gatewayId]!;
  for (const f of flows) at[f] = (at[f] ?? 0) - 1;
  if (Object.values(at).every((n) => n <= 0)) delete scope.arrivals![gatewayId];
  host.enter(gatewayId, scope.id);
}

/**
 * Inclusive joins fire once no token can still reach one of their missing flows; a parallel
 * join that waits for a flow no token can reach any more becomes an incident. Only live tokens
 * count as sources (tokens held at a join move on only when live tokens arrive there, and a BFS
 * from a live token passes through that join anyway), except that when deciding a parallel join
 * is stuck, tokens held at inclusive joins count too: those joins fire later by themselves.
 */
export function resolveJoins(host: JoinHost): boolean {
  const pending: { scope: ElementInstance; gwId: string; arrived: string[]; missing: string[] }[] = [];
  for (const scope of Object.values(host.state.instances)) {
    for (const [gwId, at] of Object.entries(scope.arrivals ?? {})) {
      const arrived = Object.keys(at).filter((f) => at[f]! > 0);
      if (arrived.length === 0) {
        delete scope.arrivals![gwId];
        continue;
      }
      const missing = host.element(gwId).incoming.filter((f) => !arrived.includes(f));
      pending.push({ scope, gwId, arrived, missing });
    }
  }
  const liveSources = (scopeId: number) =>
    Object.values(host.state.instances)
      .filter((i) => i.scopeId === scopeId)
      .map((i) => i.elementId);
  const canArrive = (p: (typeof pending)[number], sources: string[]) => {
    const reach = reachableFrom(host.graph, sources, p.gwId);
    return p.missing.some((f) => reach.has(host.flow(f).source));
  };
  for (const p of pending) {
    const kind = host.element(p.gwId).kind;
    if (p.missing.length === 0 || (kind === 'inclusiveGateway' && !canArrive(p, liveSources(p.scope.id)))) {
      fireJoin(host, p.scope, p.gwId, p.arrived);
      return true;
    }
  }
  for (const p of pending) {
    if (host.element(p.gwId).kind !== 'parallelGateway') continue;
    const sources = liveSources(p.scope.id).concat(
      pending.filter((o) => o.scope === p.scope && o.gwId !== p.gwId && host.element(o.gwId).kind === 'inclusiveGateway').map((o) => o.gwId),
    );
    if (canArrive(p, sources)) continue;
    if (!host.state.incidents.some((i) => i.phase === 'join' && i.elementId === p.gwId && i.instanceId === p.scope.id)) {
      host.raise(p.scope.id, p.gwId, 'join', `parallel gateway ${p.gwId} waits for ${p.missing.join(', ')}, which no token can reach any more`);
    }
  }
  return false;
}
