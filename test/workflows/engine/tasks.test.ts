import { buildGraph } from '../support/graphBuilder';
import { EngineDriver } from '../support/engineDriver';
import { TaskRejectedError, TokenEngine } from '../../../workflows/engine/engine';

const review = {
  id: 'review',
  kind: 'userTask',
  name: 'Review',
  assignee: '"official:" + reviewer',
  candidateGroups: '["unit:" + department + ":reviewer"]',
  dueIn: 'P5D',
  formFields: [
    { id: 'decision', label: 'Decision', type: 'enum', required: true, options: [{ value: 'pass', label: 'Pass' }, { value: 'veto', label: 'Veto' }] },
    { id: 'score', label: 'Score', type: 'number', required: false, min: 0, max: 100 },
  ],
  outputs: [{ target: 'review', source: '{decision: decision, by: reviewer}' }],
};

describe('user task', () => {
  const g = buildGraph(
    [{ id: 's', kind: 'startEvent' }, review, { id: 'e', kind: 'endEvent' }],
    [['s', 'review'], ['review', 'e']],
  );

  it('opens a task for the evaluated assignee and groups, due five days after activation', () => {
    const d = new EngineDriver(g, { reviewer: 'li-na', department: 'police' });
    const open = d.log.find((e) => e.type === 'openTask');
    expect(open).toMatchObject({
      type: 'openTask',
      task: { elementId: 'review', name: 'Review', assignee: 'official:li-na', candidateGroups: ['unit:police:reviewer'], dueAt: '2026-01-10T08:00:00.000Z' },
    });
    expect(d.engine.view().openTasks).toHaveLength(1);
  });

  it('refuses completions that break the form, naming the field', () => {
    const d = new EngineDriver(g, { reviewer: 'li-na', department: 'police' });
    const key = d.taskKeys('review')[0]!;
    expect(d.engine.checkTaskCompletion(key, {})).toMatchObject({ ok: false, code: 'InvalidTaskInput', message: expect.stringMatching(/"decision".*required/) });
    expect(d.engine.checkTaskCompletion(key, { decision: 'maybe' })).toMatchObject({ ok: false, message: expect.stringMatching(/one of pass, veto/) });
    expect(d.engine.checkTaskCompletion(key, { decision: 'pass', score: 120 })).toMatchObject({ ok: false, message: expect.stringMatching(/"score".*at most 100/) });
    expect(d.engine.checkTaskCompletion(key, { decision: 'pass', score: 'high' })).toMatchObject({ ok: false, message: expect.stringMatching(/"score".*number/) });
    expect(d.engine.checkTaskCompletion(key, { decision: 'pass', score: 90 })).toEqual({ ok: true });
  });

  it('refuses fields the form does not declare, naming each, and lets nothing of the completion in', () => {
    const d = new EngineDriver(g, { reviewer: 'li-na', department: 'police' });
    const key = d.taskKeys('review')[0]!;
    // the check as the workflow host makes it (strict); the driver's own default lets form-less tasks through
    expect(d.engine.checkTaskCompletion(key, { decision: 'pass', department: 'tax', reviewer: 'x' }, { onlyDeclared: true })).toMatchObject({
      ok: false,
      code: 'InvalidTaskInput',
      message: expect.stringMatching(/field "department" is not on the form.*field "reviewer" is not on the form/),
    });
    const strict = TokenEngine.start(g, { reviewer: 'li-na', department: 'police' }, 0).engine;
    const strictKey = strict.view().openTasks[0]!.taskKey;
    expect(() => strict.handle({ type: 'taskCompleted', taskKey: strictKey, completedBy: 'official:li-na', variables: { decision: 'veto', department: 'tax' } }, 1)).toThrow(TaskRejectedError);
    expect(strict.view()).toMatchObject({ status: 'running', variables: { department: 'police' } });
    expect(strict.view().openTasks.map((t) => t.taskKey)).toEqual([strictKey]);
  });

  it('keeps completion variables local when output mappings exist, and maps them out', () => {
    const d = new EngineDriver(g, { reviewer: 'li-na', department: 'police' });
    d.complete('review', { decision: 'veto' }, 'official:li-na');
    expect(d.status).toBe('completed');
    const vars = d.engine.view().variables;
    expect(vars.review).toEqual({ decision: 'veto', by: 'li-na' });
    expect(vars.decision).toBeUndefined();
    const visit = d.engine.view().visited.find((v) => v.elementId === 'review');
    expect(visit).toMatchObject({ outcome: 'completed', by: 'official:li-na' });
    expect(d.log.find((e) => e.type === 'closeTask')).toMatchObject({ outcome: 'completed', completedBy: 'official:li-na' });
  });

  it('a closed task can no longer be completed', () => {
    const d = new EngineDriver(g, { reviewer: 'li-na', department: 'police' });
    const key = d.taskKeys('review')[0]!;
    d.complete('review', { decision: 'pass' });
    expect(d.engine.checkTaskCompletion(key, { decision: 'pass' })).toMatchObject({ ok: false, code: 'TaskNotOpen' });
  });
});

describe('service task', () => {
  const g = buildGraph(
    [
      { id: 's', kind: 'startEvent' },
      { id: 'tally', kind: 'serviceTask', activity: 'tallyBallots', resultVariable: 'tally', retries: 5, input: [{ target: 'ballots', source: 'ballots' }] },
      { id: 'e', kind: 'endEvent' },
    ],
    [['s', 'tally'], ['tally', 'e']],
  );

  it('calls the named activity with its evaluated input and stores the result', () => {
    const d = new EngineDriver(g, { ballots: ['yes', 'no', 'yes'] });
    expect(d.log.find((e) => e.type === 'callActivity')).toMatchObject({ activity: 'tallyBallots', input: { ballots: ['yes', 'no', 'yes'] }, retries: 5 });
    d.finishActivity('tally', { yes: 2, no: 1 });
    expect(d.status).toBe('completed');
    expect(d.engine.view().variables.tally).toEqual({ yes: 2, no: 1 });
  });

  it('an activity that fails for good becomes an incident that a retry calls again', () => {
    const d = new EngineDriver(g, { ballots: [] });
    d.failActivity('tally', 'database unavailable');
    expect(d.engine.view().incidents[0]).toMatchObject({ elementId: 'tally', message: expect.stringMatching(/database unavailable/) });
    expect(d.status).toBe('running');
    d.send({ type: 'retryIncident', elementId: 'tally' });
    expect(d.activities.size).toBe(1);
    d.finishActivity('tally', 0);
    expect(d.status).toBe('completed');
  });
});

describe('plain task and conditional sequence', () => {
  it('a none task passes straight through', () => {
    const g = buildGraph([{ id: 's', kind: 'startEvent' }, { id: 't', kind: 'task' }, { id: 'e', kind: 'endEvent' }], [['s', 't'], ['t', 'e']]);
    const d = new EngineDriver(g);
    expect(d.status).toBe('completed');
    expect(d.visited()).toEqual(['s', 't', 'e']);
  });
});

describe('a task whose inbox row cannot be written', () => {
  it('becomes an incident; a retry with a fixed assignee opens it again under the same key', () => {
    const g = buildGraph(
      [{ id: 's', kind: 'startEvent' }, { id: 'sign', kind: 'userTask', assignee: '"official:" + who' }, { id: 'e', kind: 'endEvent' }],
      [['s', 'sign'], ['sign', 'e']],
    );
    const d = new EngineDriver(g, { who: 'nobody' });
    const key = d.taskKeys('sign')[0]!;
    d.send({ type: 'taskOpenFailed', taskKey: key, message: 'no official "nobody"' });
    const v = d.engine.view();
    expect(v.openTasks).toEqual([]);
    expect(v.incidents[0]).toMatchObject({ elementId: 'sign', message: expect.stringMatching(/could not be opened: no official "nobody"/) });
    d.send({ type: 'retryIncident', elementId: 'sign', variables: { who: 'li-na' } });
    expect(d.engine.view().openTasks).toEqual([expect.objectContaining({ taskKey: key, assignee: 'official:li-na' })]);
    d.complete('sign');
    expect(d.status).toBe('completed');
  });
});
