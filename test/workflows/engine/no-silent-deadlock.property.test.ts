// Property: whatever shape of gateways and tasks a modeler draws (loops, unbalanced joins,
// conditions that all fail), an instance either finishes, waits on something a person or the
// clock can do, or shows an incident. It never sits still with nothing to wait for.
import fc from 'fast-check';
import { buildGraph, type FlowSpec } from '../support/graphBuilder';
import { EngineDriver, FORMLESS_TASKS } from '../support/engineDriver';
import { TokenEngine } from '../../../workflows/engine/engine';

const kinds = ['task', 'userTask', 'exclusiveGateway', 'parallelGateway', 'inclusiveGateway', 'intermediateCatchEvent'] as const;
const conditions = [undefined, 'x > 0', 'x <= 0', 'true', 'false'];

const graphArb = fc
  .integer({ min: 1, max: 8 })
  .chain((n) =>
    fc.record({
      kinds: fc.array(fc.constantFrom(...kinds), { minLength: n, maxLength: n }),
      edges: fc.array(
        fc.array(fc.record({ to: fc.integer({ min: 0, max: n }), cond: fc.constantFrom(...conditions), isDefault: fc.boolean() }), { minLength: 1, maxLength: 3 }),
        { minLength: n, maxLength: n },
      ),
      x: fc.integer({ min: -1, max: 1 }),
      completions: fc.array(fc.integer({ min: -1, max: 1 }), { minLength: 30, maxLength: 30 }),
    }),
  );

type Sample = { kinds: (typeof kinds)[number][]; edges: { to: number; cond: string | undefined; isDefault: boolean }[][]; x: number; completions: number[] };

function graphOf({ kinds: ks, edges }: Sample) {
  const n = ks.length;
  const id = (i: number) => (i === n ? 'end' : `n${i}`);
  const elements = [
    { id: 'start', kind: 'startEvent' as const },
    { id: 'end', kind: 'endEvent' as const },
    ...ks.map((k, i) => (k === 'intermediateCatchEvent' ? { id: id(i), kind: k, event: { type: 'timer', timer: { kind: 'duration', value: 'PT1H' } } } : { id: id(i), kind: k })),
  ];
  const flows: FlowSpec[] = [['start', 'n0']];
  edges.forEach((outs, i) => {
    const seen = new Set<number>();
    let hasDefault = false;
    outs.forEach((o, j) => {
      const to = o.to === i ? n : o.to;
      if (seen.has(to)) return;
      seen.add(to);
      const gateway = ks[i] === 'exclusiveGateway' || ks[i] === 'inclusiveGateway';
      const makeDefault = gateway && o.isDefault && !hasDefault;
      hasDefault ||= makeDefault;
      flows.push([id(i), id(to), { id: `f${i}_${j}`, condition: gateway && !makeDefault ? o.cond : undefined, default: makeDefault }]);
    });
  });
  return buildGraph(elements, flows);
}

/** Completes the first open task (or fires the next timer) until done; optionally swaps in a JSON round-trip of the state at `restoreAt`. */
function drive(graph: ReturnType<typeof graphOf>, { x, completions }: Sample, restoreAt = -1): EngineDriver {
  const d = new EngineDriver(graph, { x });
  for (let step = 0; step < completions.length && d.status === 'running'; step++) {
    if (step === restoreAt) d.engine = TokenEngine.restore(graph, JSON.parse(JSON.stringify(d.engine.state)), FORMLESS_TASKS);
    const v = d.engine.view();
    if (v.openTasks.length > 0) d.send({ type: 'taskCompleted', taskKey: v.openTasks[0]!.taskKey, variables: { x: completions[step] } });
    else if (d.timers.size > 0) d.advanceToNextTimer();
    else break;
  }
  return d;
}

test('random graphs of gateways and tasks finish, wait or raise an incident: never a silent deadlock', () => {
  fc.assert(
    fc.property(graphArb, (sample) => {
      const graph = graphOf(sample);
      const d = drive(graph, sample);
      const v = d.engine.view();
      const finished = v.status !== 'running';
      const waiting = v.openTasks.length > 0 || d.timers.size > 0;
      const incident = v.incidents.length > 0;
      if (!(finished || waiting || incident)) {
        throw new Error(`silent deadlock: active ${JSON.stringify(v.activeElements)} in ${JSON.stringify(graph.flows)}`);
      }
      if (finished) expect(v.activeElements).toEqual([]);
    }),
    { numRuns: 300 },
  );
});

test('a snapshot (what continue-as-new carries) taken at any step behaves exactly like the engine it came from', () => {
  fc.assert(
    fc.property(graphArb, fc.integer({ min: 0, max: 10 }), (sample, at) => {
      const graph = graphOf(sample);
      const straight = drive(graph, sample);
      const restored = drive(graph, sample, at);
      expect(restored.log).toEqual(straight.log);
      expect(restored.engine.view()).toEqual(straight.engine.view());
    }),
    { numRuns: 150 },
  );
});
