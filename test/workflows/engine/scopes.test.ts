import { buildGraph } from '../support/graphBuilder';
import { EngineDriver, FORMLESS_TASKS } from '../support/engineDriver';

describe('multi-instance', () => {
  const mi = (sequential: boolean, completionCondition?: string) =>
    buildGraph(
      [
        { id: 's', kind: 'startEvent' },
        {
          id: 'review',
          kind: 'userTask',
          candidateGroups: '["unit:" + department + ":reviewer"]',
          multiInstance: { sequential, inputCollection: 'departments', inputElement: 'department', outputCollection: 'reviews', outputElement: '{department: department, decision: decision}', completionCondition },
        },
        { id: 'e', kind: 'endEvent' },
      ],
      [['s', 'review'], ['review', 'e']],
    );

  it('parallel: one task per item, outputs in item order whatever the completion order', () => {
    const d = new EngineDriver(mi(false), { departments: ['police', 'court', 'tax'] });
    expect(d.tasks.size).toBe(3);
    const byDept = (dep: string) => [...d.tasks].find(([, t]) => t.variables.department === dep)![0];
    d.send({ type: 'taskCompleted', taskKey: byDept('tax'), variables: { decision: 'pass' } });
    d.send({ type: 'taskCompleted', taskKey: byDept('police'), variables: { decision: 'pass' } });
    d.send({ type: 'taskCompleted', taskKey: byDept('court'), variables: { decision: 'pass' } });
    expect(d.status).toBe('completed');
    expect(d.engine.view().variables.reviews).toEqual([
      { department: 'police', decision: 'pass' },
      { department: 'court', decision: 'pass' },
      { department: 'tax', decision: 'pass' },
    ]);
    expect(d.engine.view().variables.decision).toBeUndefined();
  });

  it('a completion condition cancels the remaining instances: one veto ends the vetting', () => {
    const d = new EngineDriver(mi(false, 'decision = "veto"'), { departments: ['police', 'court', 'tax'] });
    const courtKey = [...d.tasks].find(([, t]) => t.variables.department === 'court')![0];
    d.send({ type: 'taskCompleted', taskKey: courtKey, variables: { decision: 'veto' } });
    expect(d.status).toBe('completed');
    expect(d.tasks.size).toBe(0);
    const cancelled = d.log.filter((e) => e.type === 'closeTask' && e.outcome === 'cancelled');
    expect(cancelled).toHaveLength(2);
    expect(cancelled[0]).toMatchObject({ reason: 'completion condition of review met' });
    expect(d.engine.view().variables.reviews).toEqual([null, { department: 'court', decision: 'veto' }, null]);
  });

  it('sequential: the next item starts when the previous one completes', () => {
    const d = new EngineDriver(mi(true), { departments: ['police', 'court'] });
    expect(d.tasks.size).toBe(1);
    expect([...d.tasks.values()][0]!.variables.department).toBe('police');
    d.complete('review', { decision: 'pass' });
    expect([...d.tasks.values()][0]!.variables).toMatchObject({ department: 'court', loopCounter: 2 });
    d.complete('review', { decision: 'veto' });
    expect(d.engine.view().variables.reviews).toEqual([
      { department: 'police', decision: 'pass' },
      { department: 'court', decision: 'veto' },
    ]);
  });

  it('an empty collection completes at once with an empty output; a non-list is an incident', () => {
    expect(new EngineDriver(mi(false), { departments: [] }).engine.view().variables.reviews).toEqual([]);
    const bad = new EngineDriver(mi(false), { departments: 'police' });
    expect(bad.engine.view().incidents[0]!.message).toMatch(/not a list/);
  });
});

describe('sub-process, terminate end and call activity', () => {
  it('a sub-process runs its own tokens and completes when they are done', () => {
    const g = buildGraph(
      [
        { id: 's', kind: 'startEvent' },
        { id: 'sp', kind: 'subProcess', inputs: [{ target: 'local', source: '1' }] },
        { id: 'sp_s', kind: 'startEvent', parentId: 'sp' },
        { id: 'sp_t', kind: 'userTask', parentId: 'sp' },
        { id: 'sp_e', kind: 'endEvent', parentId: 'sp' },
        { id: 'after', kind: 'userTask' },
        { id: 'e', kind: 'endEvent' },
      ],
      [['s', 'sp'], ['sp_s', 'sp_t'], ['sp_t', 'sp_e'], ['sp', 'after'], ['after', 'e']],
    );
    const d = new EngineDriver(g);
    expect(d.tasks.get(d.taskKeys('sp_t')[0]!)!.variables.local).toBe(1);
    d.complete('sp_t', { result: 'x' });
    expect(d.taskKeys('after')).toHaveLength(1);
    expect(d.engine.view().variables).toEqual({ result: 'x' });
  });

  it('a terminate end event ends the process and cancels what else runs', () => {
    const g = buildGraph(
      [
        { id: 's', kind: 'startEvent' },
        { id: 'fork', kind: 'parallelGateway' },
        { id: 'slow', kind: 'userTask' },
        { id: 'fast', kind: 'userTask' },
        { id: 'e1', kind: 'endEvent' },
        { id: 'kill', kind: 'endEvent', event: { type: 'terminate' } },
      ],
      [['s', 'fork'], ['fork', 'slow'], ['fork', 'fast'], ['slow', 'e1'], ['fast', 'kill']],
    );
    const d = new EngineDriver(g);
    d.complete('fast');
    expect(d.status).toBe('completed');
    expect(d.tasks.size).toBe(0);
    expect(d.outcomeOf('slow')).toEqual(['cancelled']);
  });

  it('a call activity starts a child with the variables and takes its result back', () => {
    const g = buildGraph(
      [
        { id: 's', kind: 'startEvent' },
        { id: 'vet', kind: 'callActivity', calledProcessKey: 'vetting', propagateAllVariables: true },
        { id: 'vetErr', kind: 'boundaryEvent', attachedTo: 'vet', cancelActivity: true, event: { type: 'error' } },
        { id: 'e', kind: 'endEvent' },
        { id: 'eErr', kind: 'endEvent' },
      ],
      [['s', 'vet'], ['vet', 'e'], ['vetErr', 'eErr']],
    );
    const d = new EngineDriver(g, { candidateId: 'c1' });
    expect([...d.children.values()][0]).toMatchObject({ processKey: 'vetting', variables: { candidateId: 'c1' } });
    const key = [...d.children.keys()][0]!;
    d.send({ type: 'childCompleted', key, variables: { candidateId: 'c1', vetted: true } });
    expect(d.engine.view().variables.vetted).toBe(true);
    expect(d.status).toBe('completed');

    const f = new EngineDriver(g, { candidateId: 'c2' });
    f.send({ type: 'childFailed', key: [...f.children.keys()][0]!, message: 'vetoed', errorCode: 'VETOED' });
    expect(f.visited()).toContain('eErr');
  });
});

describe('snapshot', () => {
  it('a restored snapshot goes on where the old one stopped (continue-as-new)', () => {
    const g = buildGraph(
      [
        { id: 's', kind: 'startEvent' },
        { id: 'a', kind: 'userTask' },
        { id: 't', kind: 'boundaryEvent', attachedTo: 'a', cancelActivity: true, event: { type: 'timer', timer: { kind: 'duration', value: 'P1D' } } },
        { id: 'e', kind: 'endEvent' },
        { id: 'late', kind: 'endEvent' },
      ],
      [['s', 'a'], ['a', 'e'], ['t', 'late']],
    );
    const d = new EngineDriver(g);
    const snap = JSON.parse(JSON.stringify(d.engine.state));
    const { TokenEngine } = jest.requireActual('../../../workflows/engine/engine') as typeof import('../../../workflows/engine/engine');
    const restored = TokenEngine.restore(g, snap, FORMLESS_TASKS);
    expect(restored.resumeEffects()).toEqual([expect.objectContaining({ type: 'startTimer', elementId: 't' })]);
    expect(restored.view().openTasks.map((t) => t.elementId)).toEqual(['a']);
    const key = restored.view().openTasks[0]!.taskKey;
    restored.handle({ type: 'taskCompleted', taskKey: key, variables: {} }, d.now);
    expect(restored.view().status).toBe('completed');
  });
});

describe('escalation out of a called process', () => {
  it('an uncaught escalation is announced to the host; one reported by a child is caught on its call activity', () => {
    const child = buildGraph(
      [{ id: 's', kind: 'startEvent' }, { id: 'esc', kind: 'intermediateThrowEvent', event: { type: 'escalation', escalationCode: 'LATE' } }, { id: 'w', kind: 'userTask' }, { id: 'e', kind: 'endEvent' }],
      [['s', 'esc'], ['esc', 'w'], ['w', 'e']],
    );
    const c = new EngineDriver(child);
    expect(c.log).toContainEqual({ type: 'escalate', escalationCode: 'LATE' });
    expect(c.taskKeys('w')).toHaveLength(1);

    const parent = buildGraph(
      [
        { id: 's', kind: 'startEvent' },
        { id: 'call', kind: 'callActivity', calledProcessKey: 'child' },
        { id: 'late', kind: 'boundaryEvent', attachedTo: 'call', cancelActivity: true, event: { type: 'escalation', escalationCode: 'LATE' } },
        { id: 'e', kind: 'endEvent' },
        { id: 'eLate', kind: 'endEvent' },
      ],
      [['s', 'call'], ['call', 'e'], ['late', 'eLate']],
    );
    const p = new EngineDriver(parent);
    const key = [...p.children.keys()][0]!;
    p.send({ type: 'childEscalated', key, escalationCode: 'OTHER' });
    expect(p.children.size).toBe(1); // not this boundary's code: nothing happens (and it goes up further)
    p.send({ type: 'childEscalated', key, escalationCode: 'LATE' });
    expect(p.log).toContainEqual({ type: 'cancelChild', key });
    expect(p.status).toBe('completed');
    expect(p.outcomeOf('call')).toEqual(['interrupted']);
  });
});
