// The state query's answer, computed from engine state alone (no graph needed), so a continued run
// can answer from its snapshot before it has loaded its graph.
import type { ProcessGraph } from '../../bpmn/graph';
import { pendingTimers } from './pending-timers';
import type { EngineState, StateView } from './types';

const ROOT = 0;

/** What the state query shows, from a state (and the graph, which names the pending timers; absent for a snapshot a new run has not loaded its graph for yet). */
export function stateView(state: EngineState, graph?: ProcessGraph): StateView {
  const counts = new Map<string, number>();
  for (const inst of Object.values(state.instances)) {
    if (inst.id === ROOT || inst.mi?.role === 'body') continue;
    counts.set(inst.elementId, (counts.get(inst.elementId) ?? 0) + 1);
  }
  return {
    status: state.status,
    activeElements: [...counts].map(([elementId, count]) => ({ elementId, count })),
    variables: { ...state.instances[ROOT]!.vars },
    openTasks: Object.values(state.waits)
      .filter((w) => w.type === 'task')
      .sort((a, b) => a.seq - b.seq)
      .map((w) => w.task!),
    visited: state.visits,
    incidents: state.incidents,
    pendingTimers: pendingTimers(state, graph),
    failure: state.failure,
  };
}
