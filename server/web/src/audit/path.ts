// What the diagram shows of one instance: per drawn element its marks (completed, active,
// escalated, cancelled, incident), multi-instance counts, and the sequence flows taken. Pure
// functions, from the live `state` query or from the first k timeline events (the replay slider).
import type { InstanceState, TimelineEntry, VisitedStep } from '../model';

export type PathMark = 'completed' | 'active' | 'escalated' | 'cancelled' | 'incident';

export interface DiagramIndex {
  /** ids of drawn elements (shapes) */
  elementIds: Set<string>;
  flows: { id: string; source: string; target: string }[];
}

export interface PathView {
  marks: Map<string, Set<PathMark>>;
  /** how many instances of an element are active (shown when > 1: multi-instance) */
  counts: Map<string, number>;
  flows: Set<string>;
}

function emptyView(): PathView {
  return { marks: new Map(), counts: new Map(), flows: new Set() };
}

/**
 * The drawn element an id belongs to. Compiler-generated elements (reminder timers, escalation
 * notifications) carry ids prefixed with the id of the element they were made for.
 */
export function ownerOf(elementId: string, index: DiagramIndex): string | null {
  if (index.elementIds.has(elementId)) return elementId;
  let best: string | null = null;
  for (const id of index.elementIds) if (elementId.startsWith(id) && (!best || id.length > best.length)) best = id;
  return best;
}

function mark(view: PathView, id: string, m: PathMark): void {
  const set = view.marks.get(id) ?? new Set<PathMark>();
  set.add(m);
  view.marks.set(id, set);
}

function unmark(view: PathView, id: string, m: PathMark): void {
  view.marks.get(id)?.delete(m);
}

/** The mark of a visit the element has left (outcomes of workflows/engine: completed, cancelled, interrupted, triggered, failed). */
export function outcomeMark(outcome: string | null | undefined): PathMark {
  const o = (outcome ?? '').toLowerCase();
  if (/escalat/.test(o)) return 'escalated';
  if (/cancel|interrupt|terminat|abort/.test(o)) return 'cancelled';
  if (/incident|fail|error/.test(o)) return 'incident';
  return 'completed';
}

/** Flows whose source and target were both reached, the target after (or when) the source was. */
function takenFlows(view: PathView, index: DiagramIndex, order: Map<string, number>): void {
  for (const f of index.flows) {
    const s = order.get(f.source);
    const tgt = order.get(f.target);
    if (s !== undefined && tgt !== undefined && tgt >= s) view.flows.add(f.id);
  }
}

export function pathFromState(state: InstanceState | null | undefined, index: DiagramIndex): PathView {
  const view = emptyView();
  if (!state) return view;
  const order = new Map<string, number>();
  state.visited.forEach((step, i) => {
    const owner = ownerOf(step.elementId, index);
    if (!owner) return;
    const generated = owner !== step.elementId;
    if (!order.has(owner)) order.set(owner, i);
    if (generated) {
      // a reminder or escalation path fired for the owner
      if (/escalat/i.test(step.elementId) || /escalat/i.test(step.outcome ?? '')) mark(view, owner, 'escalated');
      return;
    }
    if (!step.leftAt && (!step.outcome || step.outcome === 'active')) mark(view, owner, 'active');
    else mark(view, owner, outcomeMark(step.outcome));
  });
  for (const a of state.activeElements) {
    const owner = ownerOf(a.elementId, index);
    if (!owner) continue;
    if (!order.has(owner)) order.set(owner, order.size + state.visited.length);
    mark(view, owner, 'active');
    if (owner === a.elementId && a.count > 1) view.counts.set(owner, a.count);
  }
  for (const inc of state.incidents ?? []) {
    const owner = inc.elementId ? ownerOf(inc.elementId, index) : null;
    if (owner) mark(view, owner, 'incident');
  }
  settle(view);
  takenFlows(view, index, order);
  return view;
}

/**
 * One mark per element state: active again (a loop) beats completed; completed beats cancelled
 * (a multi-instance activity whose completion condition cancelled its other instances completed).
 */
function settle(view: PathView): void {
  for (const set of view.marks.values()) {
    if (set.has('active')) set.delete('completed');
    if (set.has('completed') || set.has('active')) set.delete('cancelled');
  }
}

/** What kind of step a timeline event is, from its `what` text. */
export function eventKind(what: string): PathMark | 'entered' | 'other' {
  // judge by the verb before the ':' (what follows is an element name that may say anything)
  const w = what.split(':')[0].toLowerCase();
  if (/^service task/.test(w)) return 'completed';
  if (/escalat/.test(w)) return 'escalated';
  if (/incident|fail|error/.test(w)) return 'incident';
  if (/cancel|interrupt|terminat|abort/.test(w)) return 'cancelled';
  if (/complet|left|finish|end|done|passed|decid|fired|received/.test(w)) return 'completed';
  if (/start|enter|activat|open|creat|assign|claim|wait|schedul/.test(w)) return 'entered';
  return 'other';
}

/**
 * The path after the first `k` timeline events (sorted by time): the replay slider's frame k.
 * With the workflow's visits (enteredAt/leftAt) the frame is the visits up to the k-th event's
 * time, which includes gateways and events the timeline does not name; escalations and incidents
 * come from the timeline. Without visits the timeline alone is replayed.
 */
export function pathAtStep(timeline: TimelineEntry[], k: number, index: DiagramIndex, visited?: VisitedStep[] | null): PathView {
  if (visited?.length && k > 0) return visitsUntil(timeline, k, index, visited);
  const view = emptyView();
  const order = new Map<string, number>();
  const active = new Map<string, number>();
  timeline.slice(0, k).forEach((entry, i) => {
    if (!entry.elementId) return;
    const owner = ownerOf(entry.elementId, index);
    if (!owner) return;
    if (!order.has(owner)) order.set(owner, i);
    const kind = eventKind(entry.what);
    if (owner !== entry.elementId) {
      if (kind === 'escalated' || /escalat/i.test(entry.elementId)) mark(view, owner, 'escalated');
      return;
    }
    switch (kind) {
      case 'entered':
        active.set(owner, (active.get(owner) ?? 0) + 1);
        break;
      case 'completed':
      case 'cancelled':
        active.set(owner, Math.max(0, (active.get(owner) ?? 1) - 1));
        unmark(view, owner, kind === 'completed' ? 'cancelled' : 'completed');
        mark(view, owner, kind);
        break;
      case 'escalated':
      case 'incident':
        mark(view, owner, kind);
        break;
      default:
        break;
    }
  });
  for (const [id, n] of active) {
    if (n <= 0) continue;
    mark(view, id, 'active');
    view.marks.get(id)?.delete('completed');
    if (n > 1) view.counts.set(id, n);
  }
  takenFlows(view, index, order);
  return view;
}

function visitsUntil(timeline: TimelineEntry[], k: number, index: DiagramIndex, visited: VisitedStep[]): PathView {
  const until = Date.parse(timeline[Math.min(k, timeline.length) - 1].at);
  const view = emptyView();
  const order = new Map<string, number>();
  const active = new Map<string, number>();
  visited.forEach((step, i) => {
    const entered = step.enteredAt ? Date.parse(step.enteredAt) : NaN;
    if (!(entered <= until)) return;
    const owner = ownerOf(step.elementId, index);
    if (!owner) return;
    if (!order.has(owner)) order.set(owner, i);
    if (owner !== step.elementId) {
      if (/escalat/i.test(step.elementId)) mark(view, owner, 'escalated');
      return;
    }
    const left = step.leftAt ? Date.parse(step.leftAt) : NaN;
    if (left <= until) mark(view, owner, outcomeMark(step.outcome));
    else active.set(owner, (active.get(owner) ?? 0) + 1);
  });
  timeline.slice(0, k).forEach((entry) => {
    const owner = entry.elementId ? ownerOf(entry.elementId, index) : null;
    if (!owner) return;
    const kind = eventKind(entry.what);
    if (kind === 'escalated' || kind === 'incident') mark(view, owner, kind);
  });
  for (const [id, n] of active) {
    mark(view, id, 'active');
    if (n > 1) view.counts.set(id, n);
  }
  settle(view);
  takenFlows(view, index, order);
  return view;
}

export function sortTimeline(entries: TimelineEntry[]): TimelineEntry[] {
  return entries.map((e, i) => ({ e, i })).sort((a, b) => Date.parse(a.e.at) - Date.parse(b.e.at) || a.i - b.i).map(({ e }) => e);
}
