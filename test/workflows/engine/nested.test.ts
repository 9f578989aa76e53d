import { buildGraph } from '../support/graphBuilder';
import { EngineDriver } from '../support/engineDriver';

describe('multi-instance sub-processes and errors inside iterations', () => {
  const g = buildGraph(
    [
      { id: 's', kind: 'startEvent' },
      {
        id: 'perUnit',
        kind: 'subProcess',
        multiInstance: { sequential: false, inputCollection: 'units', inputElement: 'unit', outputCollection: 'results', outputElement: 'result' },
      },
      { id: 'u_s', kind: 'startEvent', parentId: 'perUnit' },
      { id: 'u_check', kind: 'userTask', parentId: 'perUnit', outputs: [{ target: 'result', source: 'unit + ":" + answer' }] },
      { id: 'u_gw', kind: 'exclusiveGateway', parentId: 'perUnit' },
      { id: 'u_ok', kind: 'endEvent', parentId: 'perUnit' },
      { id: 'u_err', kind: 'endEvent', parentId: 'perUnit', event: { type: 'error', errorCode: 'REFUSED' } },
      { id: 'refused', kind: 'boundaryEvent', attachedTo: 'perUnit', cancelActivity: true, event: { type: 'error', errorCode: 'REFUSED' } },
      { id: 'done', kind: 'endEvent' },
      { id: 'handleRefusal', kind: 'userTask' },
      { id: 'e2', kind: 'endEvent' },
    ],
    [
      ['s', 'perUnit'],
      ['u_s', 'u_check'],
      ['u_check', 'u_gw'],
      ['u_gw', 'u_err', 'result = unit + ":no"'],
      ['u_gw', 'u_ok', { default: true }],
      ['perUnit', 'done'],
      ['refused', 'handleRefusal'],
      ['handleRefusal', 'e2'],
    ],
  );

  it('each iteration runs its own sub-process tokens and outputs are collected in item order', () => {
    const d = new EngineDriver(g, { units: ['street-1', 'street-2'] });
    expect(d.taskKeys('u_check')).toHaveLength(2);
    const [k1, k2] = d.taskKeys('u_check');
    d.send({ type: 'taskCompleted', taskKey: k2!, variables: { answer: 'yes' } });
    d.send({ type: 'taskCompleted', taskKey: k1!, variables: { answer: 'ok' } });
    expect(d.status).toBe('completed');
    expect(d.engine.view().variables.results).toEqual(['street-1:ok', 'street-2:yes']);
  });

  it('an error end in one iteration is caught on the multi-instance activity and cancels the other iterations', () => {
    const d = new EngineDriver(g, { units: ['street-1', 'street-2', 'street-3'] });
    d.complete('u_check', { answer: 'no' });
    expect(d.taskKeys('u_check')).toHaveLength(0);
    expect(d.taskKeys('handleRefusal')).toHaveLength(1);
    // the body is interrupted by the boundary; all three iterations (the throwing one too) are cancelled
    expect(d.outcomeOf('perUnit').sort()).toEqual(['cancelled', 'cancelled', 'cancelled', 'interrupted']);
    expect(d.log.filter((e) => e.type === 'closeTask' && e.outcome === 'cancelled')).toHaveLength(2);
  });
});
