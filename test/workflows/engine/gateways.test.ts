import { buildGraph } from '../support/graphBuilder';
import { EngineDriver } from '../support/engineDriver';

const H = 3600_000;

describe('exclusive gateway', () => {
  const graph = buildGraph(
    [
      { id: 's', kind: 'startEvent' },
      { id: 'gw', kind: 'exclusiveGateway' },
      { id: 'approve', kind: 'userTask' },
      { id: 'reject', kind: 'userTask' },
      { id: 'e', kind: 'endEvent' },
    ],
    [
      ['s', 'gw'],
      ['gw', 'approve', 'score >= 60'],
      ['gw', 'reject', { id: 'toReject', default: true }],
      ['approve', 'e'],
      ['reject', 'e'],
    ],
  );

  it('takes the first flow whose condition holds', () => {
    const d = new EngineDriver(graph, { score: 80 });
    expect([...d.tasks.values()].map((t) => t.elementId)).toEqual(['approve']);
  });

  it('takes the default flow when no condition holds', () => {
    const d = new EngineDriver(graph, { score: 10 });
    expect([...d.tasks.values()].map((t) => t.elementId)).toEqual(['reject']);
  });

  it('raises an incident naming the variable when a condition reads an unknown variable, and retries after the fix', () => {
    const d = new EngineDriver(graph, {});
    const view = d.engine.view();
    expect(view.status).toBe('running');
    expect(view.incidents).toHaveLength(1);
    expect(view.incidents[0]!.elementId).toBe('gw');
    expect(view.incidents[0]!.message).toMatch(/score/);
    expect(d.tasks.size).toBe(0);
    expect(d.log.some((e) => e.type === 'incident' && e.elementId === 'gw')).toBe(true);
    d.send({ type: 'retryIncident', elementId: 'gw', variables: { score: 75 } });
    expect(d.engine.view().incidents).toHaveLength(0);
    expect([...d.tasks.values()].map((t) => t.elementId)).toEqual(['approve']);
  });

  it('raises an incident when nothing matches and there is no default', () => {
    const g = buildGraph(
      [
        { id: 's', kind: 'startEvent' },
        { id: 'gw', kind: 'exclusiveGateway' },
        { id: 'a', kind: 'endEvent' },
        { id: 'b', kind: 'endEvent' },
      ],
      [['s', 'gw'], ['gw', 'a', 'x = 1'], ['gw', 'b', 'x = 2']],
    );
    const d = new EngineDriver(g, { x: 3 });
    expect(d.engine.view().incidents[0]!.message).toMatch(/no outgoing flow of exclusive gateway gw/);
  });
});

describe('parallel gateway', () => {
  it('forks to every branch and joins once all have arrived', () => {
    const g = buildGraph(
      [
        { id: 's', kind: 'startEvent' },
        { id: 'fork', kind: 'parallelGateway' },
        { id: 'a', kind: 'userTask' },
        { id: 'b', kind: 'userTask' },
        { id: 'join', kind: 'parallelGateway' },
        { id: 'after', kind: 'userTask' },
        { id: 'e', kind: 'endEvent' },
      ],
      [['s', 'fork'], ['fork', 'a'], ['fork', 'b'], ['a', 'join'], ['b', 'join'], ['join', 'after'], ['after', 'e']],
    );
    const d = new EngineDriver(g);
    expect(d.tasks.size).toBe(2);
    d.complete('a', { fromA: 1 });
    expect(d.taskKeys('after')).toHaveLength(0);
    d.complete('b', { fromB: 2 });
    expect(d.taskKeys('after')).toHaveLength(1);
    d.complete('after');
    expect(d.status).toBe('completed');
    expect(d.engine.view().variables).toEqual({ fromA: 1, fromB: 2 });
  });
});

describe('inclusive gateway', () => {
  const g = buildGraph(
    [
      { id: 's', kind: 'startEvent' },
      { id: 'fork', kind: 'inclusiveGateway' },
      { id: 'police', kind: 'userTask' },
      { id: 'court', kind: 'userTask' },
      { id: 'tax', kind: 'userTask' },
      { id: 'join', kind: 'inclusiveGateway' },
      { id: 'after', kind: 'userTask' },
      { id: 'e', kind: 'endEvent' },
    ],
    [
      ['s', 'fork'],
      ['fork', 'police', 'list contains(checks, "police")'],
      ['fork', 'court', 'list contains(checks, "court")'],
      ['fork', 'tax', 'list contains(checks, "tax")'],
      ['police', 'join'],
      ['court', 'join'],
      ['tax', 'join'],
      ['join', 'after'],
      ['after', 'e'],
    ],
  );

  it('takes every branch whose condition holds and joins only those', () => {
    const d = new EngineDriver(g, { checks: ['police', 'tax'] });
    expect([...d.tasks.values()].map((t) => t.elementId).sort()).toEqual(['police', 'tax']);
    d.complete('tax');
    expect(d.taskKeys('after')).toHaveLength(0); // police can still arrive
    d.complete('police');
    expect(d.taskKeys('after')).toHaveLength(1);
  });

  it('a single branch passes the join at once', () => {
    const d = new EngineDriver(g, { checks: ['court'] });
    d.complete('court');
    expect(d.taskKeys('after')).toHaveLength(1);
  });
});

describe('event-based gateway', () => {
  const g = buildGraph(
    [
      { id: 's', kind: 'startEvent' },
      { id: 'gw', kind: 'eventBasedGateway' },
      { id: 'reply', kind: 'intermediateCatchEvent', event: { type: 'message', messageName: 'residentReply', correlationKey: 'caseId' } },
      { id: 'timeout', kind: 'intermediateCatchEvent', event: { type: 'timer', timer: { kind: 'duration', value: 'P3D' } } },
      { id: 'handle', kind: 'userTask' },
      { id: 'chase', kind: 'userTask' },
      { id: 'e', kind: 'endEvent' },
    ],
    [['s', 'gw'], ['gw', 'reply'], ['gw', 'timeout'], ['reply', 'handle'], ['timeout', 'chase'], ['handle', 'e'], ['chase', 'e']],
  );

  it('the message wins when it comes first, and the timer is withdrawn', () => {
    const d = new EngineDriver(g, { caseId: 'C-7' });
    expect(d.timers.size).toBe(1);
    d.send({ type: 'messageReceived', name: 'residentReply', correlationKey: 'C-8', variables: { text: 'wrong case' } });
    expect(d.taskKeys('handle')).toHaveLength(0);
    d.send({ type: 'messageReceived', name: 'residentReply', correlationKey: 'C-7', variables: { text: 'ok' } });
    expect(d.taskKeys('handle')).toHaveLength(1);
    expect(d.timers.size).toBe(0);
    expect(d.engine.view().variables.text).toBe('ok');
  });

  it('the timer wins after three days without a reply', () => {
    const d = new EngineDriver(g, { caseId: 'C-7' });
    d.advanceBy(3 * 24 * H);
    expect(d.taskKeys('chase')).toHaveLength(1);
    d.send({ type: 'messageReceived', name: 'residentReply', correlationKey: 'C-7' });
    expect(d.taskKeys('handle')).toHaveLength(0);
  });
});
