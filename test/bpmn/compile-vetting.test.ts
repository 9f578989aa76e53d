// The vetting example process (bpmn/README.md), compiled end to end: what the interpreter will walk.
import { compileValid } from './helpers';

test('the vetting process compiles with its gov: extensions read into the graph', async () => {
  const { graph } = await compileValid('vetting.bpmn');
  expect(graph.processKey).toBe('vetting');
  expect(graph.name).toBe('候选人资格联审');
  expect(graph.startIds).toEqual(['start']);
  expect(graph.startVariables).toEqual([
    { name: 'candidateId', type: 'string', required: true, description: 'the candidate vetted' },
    { name: 'departments', type: 'list', required: false },
  ]);
  const review = graph.elements.review;
  if (review.kind !== 'userTask') throw new Error('review is not a user task');
  expect(review.assignee).toBe('reviewer');
  expect(review.candidateGroups).toBe('["unit:" + department + ":reviewer"]');
  expect(review.dueIn).toBe('P5D');
  expect(review.remindBefore).toBe('P1D');
  expect(review.escalation).toEqual([
    { level: 'department-head', after: 'PT0S', recipients: '["unit:" + department + ":head"]' },
    { level: 'street', after: 'P2D' },
  ]);
  expect(review.formFields).toEqual([
    { id: 'decision', label: '审查结论', type: 'enum', required: true, options: [{ value: 'pass', label: '通过' }, { value: 'veto', label: '否决' }] },
    { id: 'reason', label: '理由', type: 'text', required: false },
  ]);
  expect(review.inputs).toEqual([{ target: 'candidate', source: 'candidateId' }]);
  expect(review.outputs).toEqual([{ target: 'review', source: '{department: department, decision: decision, reason: reason}' }]);
  expect(review.multiInstance).toEqual({
    sequential: false, inputCollection: 'departments', inputElement: 'department',
    outputCollection: 'reviews', outputElement: 'review', completionCondition: 'decision = "veto"',
  });

  const file = graph.elements.file;
  if (file.kind !== 'serviceTask') throw new Error('file is not a service task');
  expect(file).toMatchObject({ activity: 'fileResult', resultVariable: 'filing', retries: 3 });
  // a source without '=' is a literal string, made into a FEEL string literal
  expect(file.input).toEqual([{ target: 'reviews', source: 'reviews' }, { target: 'note', source: '"vetting complete"' }]);

  expect(graph.elements.vetoed).toMatchObject({ kind: 'exclusiveGateway', defaultFlow: 'f_pass', outgoing: ['f_veto', 'f_pass'] });
  expect(graph.flows.f_veto).toEqual({ id: 'f_veto', name: '否决', source: 'vetoed', target: 'end_veto', condition: 'count(reviews[decision = "veto"]) > 0' });
  expect(graph.elements.end_veto).toMatchObject({ kind: 'endEvent', event: { type: 'error', errorCode: 'VETOED' } });
});
