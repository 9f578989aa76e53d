import { buildGraph } from '../support/graphBuilder';
import { EngineDriver } from '../support/engineDriver';

const H = 3600_000;

describe('intermediate timer catch', () => {
  it('waits for the duration, computed from the time the token arrived', () => {
    const g = buildGraph(
      [
        { id: 's', kind: 'startEvent' },
        { id: 'wait', kind: 'intermediateCatchEvent', event: { type: 'timer', timer: { kind: 'duration', value: 'waitFor' } } },
        { id: 'e', kind: 'endEvent' },
      ],
      [['s', 'wait'], ['wait', 'e']],
    );
    const d = new EngineDriver(g, { waitFor: 'PT2H' });
    const [t] = [...d.timers.values()];
    expect(t!.fireAt - d.now).toBe(2 * H);
    d.advanceBy(H);
    expect(d.status).toBe('running');
    d.advanceBy(H);
    expect(d.status).toBe('completed');
  });

  it('a timeDate fires at that instant', () => {
    const g = buildGraph(
      [
        { id: 's', kind: 'startEvent' },
        { id: 'wait', kind: 'intermediateCatchEvent', event: { type: 'timer', timer: { kind: 'date', value: '2026-02-01T00:00:00Z' } } },
        { id: 'e', kind: 'endEvent' },
      ],
      [['s', 'wait'], ['wait', 'e']],
    );
    const d = new EngineDriver(g);
    expect([...d.timers.values()][0]!.fireAt).toBe(Date.parse('2026-02-01T00:00:00Z'));
  });
});

describe('boundary timers', () => {
  const withBoundary = (cancelActivity: boolean, timer: object) =>
    buildGraph(
      [
        { id: 's', kind: 'startEvent' },
        { id: 'work', kind: 'userTask' },
        { id: 'b', kind: 'boundaryEvent', attachedTo: 'work', cancelActivity, event: { type: 'timer', timer } },
        { id: 'remind', kind: 'serviceTask', activity: 'gridflow.notify', input: [{ target: 'kind', source: '"reminder"' }] },
        { id: 'e1', kind: 'endEvent' },
        { id: 'e2', kind: 'endEvent' },
      ],
      [['s', 'work'], ['work', 'e1'], ['b', 'remind'], ['remind', 'e2']],
    );

  it('an interrupting timer cancels the task with a reason and takes the boundary path', () => {
    const d = new EngineDriver(withBoundary(true, { kind: 'duration', value: 'P1D' }));
    d.advanceBy(24 * H);
    expect(d.tasks.size).toBe(0);
    expect(d.log.find((e) => e.type === 'closeTask')).toMatchObject({ outcome: 'cancelled', reason: expect.stringMatching(/boundary event b/) });
    expect(d.outcomeOf('work')).toEqual(['interrupted']);
    expect(d.activities.size).toBe(1);
  });

  it('a non-interrupting cycle R2/PT1H reminds twice while the task stays open', () => {
    const d = new EngineDriver(withBoundary(false, { kind: 'cycle', value: 'R2/PT1H' }));
    d.advanceBy(5 * H);
    expect(d.log.filter((e) => e.type === 'callActivity')).toHaveLength(2);
    expect(d.tasks.size).toBe(1);
    d.finishActivity('remind', null);
    d.finishActivity('remind', null);
    d.complete('work');
    expect(d.status).toBe('completed');
  });

  it('completing the task cancels its boundary timer', () => {
    const d = new EngineDriver(withBoundary(false, { kind: 'duration', value: 'P1D' }));
    d.complete('work');
    expect(d.timers.size).toBe(0);
    expect(d.status).toBe('completed');
  });
});

describe('boundary message, error and escalation', () => {
  it('a message boundary interrupts the task', () => {
    const g = buildGraph(
      [
        { id: 's', kind: 'startEvent' },
        { id: 'work', kind: 'userTask' },
        { id: 'withdrawn', kind: 'boundaryEvent', attachedTo: 'work', cancelActivity: true, event: { type: 'message', messageName: 'withdraw', correlationKey: 'caseId' } },
        { id: 'e1', kind: 'endEvent' },
        { id: 'e2', kind: 'endEvent' },
      ],
      [['s', 'work'], ['work', 'e1'], ['withdrawn', 'e2']],
    );
    const d = new EngineDriver(g, { caseId: 'K1' });
    d.send({ type: 'messageReceived', name: 'withdraw', correlationKey: 'K1', variables: { why: 'moved' } });
    expect(d.status).toBe('completed');
    expect(d.visited()).toContain('e2');
    expect(d.engine.view().variables.why).toBe('moved');
  });

  it('a BPMN error from a service activity is caught by the matching error boundary', () => {
    const g = buildGraph(
      [
        { id: 's', kind: 'startEvent' },
        { id: 'file', kind: 'serviceTask', activity: 'fileCase' },
        { id: 'dup', kind: 'boundaryEvent', attachedTo: 'file', cancelActivity: true, event: { type: 'error', errorCode: 'DUPLICATE' } },
        { id: 'e1', kind: 'endEvent' },
        { id: 'fix', kind: 'userTask' },
      ],
      [['s', 'file'], ['file', 'e1'], ['dup', 'fix']],
    );
    const d = new EngineDriver(g);
    d.failActivity('file', 'already filed', 'DUPLICATE');
    expect(d.taskKeys('fix')).toHaveLength(1);
    expect(d.outcomeOf('file')).toEqual(['interrupted']);
  });

  it('an error end event in a sub-process is caught on the sub-process; uncaught errors fail the process', () => {
    const g = buildGraph(
      [
        { id: 's', kind: 'startEvent' },
        { id: 'sp', kind: 'subProcess' },
        { id: 'sp_s', kind: 'startEvent', parentId: 'sp' },
        { id: 'sp_gw', kind: 'exclusiveGateway', parentId: 'sp' },
        { id: 'sp_ok', kind: 'endEvent', parentId: 'sp' },
        { id: 'sp_err', kind: 'endEvent', parentId: 'sp', event: { type: 'error', errorCode: 'VETOED' } },
        { id: 'caught', kind: 'boundaryEvent', attachedTo: 'sp', cancelActivity: true, event: { type: 'error', errorCode: 'VETOED' } },
        { id: 'done', kind: 'endEvent' },
        { id: 'vetoed', kind: 'userTask' },
      ],
      [['s', 'sp'], ['sp_s', 'sp_gw'], ['sp_gw', 'sp_err', 'veto'], ['sp_gw', 'sp_ok', { default: true }], ['sp', 'done'], ['caught', 'vetoed']],
    );
    const vetoed = new EngineDriver(g, { veto: true });
    expect(vetoed.taskKeys('vetoed')).toHaveLength(1);
    expect(vetoed.outcomeOf('sp')).toEqual(['interrupted']);
    const fine = new EngineDriver(g, { veto: false });
    expect(fine.status).toBe('completed');

    const uncaught = buildGraph([{ id: 's', kind: 'startEvent' }, { id: 'x', kind: 'endEvent', event: { type: 'error', errorCode: 'BAD' } }], [['s', 'x']]);
    const d = new EngineDriver(uncaught);
    expect(d.status).toBe('failed');
    expect(d.log.at(-1)).toMatchObject({ type: 'fail', errorCode: 'BAD' });
  });

  it('a non-interrupting escalation boundary starts a side path while the sub-process goes on', () => {
    const g = buildGraph(
      [
        { id: 's', kind: 'startEvent' },
        { id: 'sp', kind: 'subProcess' },
        { id: 'sp_s', kind: 'startEvent', parentId: 'sp' },
        { id: 'sp_esc', kind: 'intermediateThrowEvent', parentId: 'sp', event: { type: 'escalation', escalationCode: 'LATE' } },
        { id: 'sp_work', kind: 'userTask', parentId: 'sp' },
        { id: 'sp_e', kind: 'endEvent', parentId: 'sp' },
        { id: 'esc', kind: 'boundaryEvent', attachedTo: 'sp', cancelActivity: false, event: { type: 'escalation', escalationCode: 'LATE' } },
        { id: 'tellHead', kind: 'userTask' },
        { id: 'e', kind: 'endEvent' },
        { id: 'e2', kind: 'endEvent' },
      ],
      [['s', 'sp'], ['sp_s', 'sp_esc'], ['sp_esc', 'sp_work'], ['sp_work', 'sp_e'], ['sp', 'e'], ['esc', 'tellHead'], ['tellHead', 'e2']],
    );
    const d = new EngineDriver(g);
    expect(d.taskKeys('tellHead')).toHaveLength(1);
    expect(d.taskKeys('sp_work')).toHaveLength(1);
    d.complete('sp_work');
    d.complete('tellHead');
    expect(d.status).toBe('completed');
  });
});

describe('messages', () => {
  it('a message that arrives before the catch is reached is kept and delivered', () => {
    const g = buildGraph(
      [
        { id: 's', kind: 'startEvent' },
        { id: 'prepare', kind: 'userTask' },
        { id: 'ballot', kind: 'intermediateCatchEvent', event: { type: 'message', messageName: 'ballotCast', correlationKey: 'meetingId' } },
        { id: 'e', kind: 'endEvent' },
      ],
      [['s', 'prepare'], ['prepare', 'ballot'], ['ballot', 'e']],
    );
    const d = new EngineDriver(g, { meetingId: 'M1' });
    d.send({ type: 'messageReceived', name: 'ballotCast', correlationKey: 'M1', variables: { votes: 3 } });
    expect(d.status).toBe('running');
    d.complete('prepare');
    expect(d.status).toBe('completed');
    expect(d.engine.view().variables.votes).toBe(3);
  });
});
