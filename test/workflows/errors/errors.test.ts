import { ApplicationFailure } from '@temporalio/common';
import { BPMN_ERROR_TYPE } from '../../../workflows/api';
import { workflowSuite, type Suite } from '../support/harness';

const attempts: Record<string, number> = {};
let s: Suite;
beforeAll(async () => {
  s = await workflowSuite(__dirname, {
    // how a service activity signals a BPMN error: ApplicationFailure type 'BpmnError', details [{ errorCode }]
    fileCase: async ({ caseId }: { caseId: string }) => {
      attempts[caseId] = (attempts[caseId] ?? 0) + 1;
      if (caseId.startsWith('dup')) throw ApplicationFailure.create({ type: BPMN_ERROR_TYPE, message: `case ${caseId} already filed`, details: [{ errorCode: 'DUPLICATE' }] });
      return { reference: `REF-${caseId}` };
    },
  });
});
afterAll(async () => s?.close());

test('a BPMN error from a service activity is caught by the boundary on that task, without retries', async () => {
  const version = await s.deploy('errors.bpmn');
  const h = await s.start(version, { caseId: 'dup-1', hasRecord: false });
  await s.openTask(h, 'mergeDuplicate');
  expect(attempts['dup-1']).toBe(1);
  expect((await s.state(h)).visited.find((v) => v.elementId === 'fileCase')).toMatchObject({ outcome: 'interrupted' });
  await s.complete(h, 'mergeDuplicate');
  const r = await h.result();
  expect(r.status).toBe('completed');
  await s.finish('errors-activity', h);
});

test('an error end event in a sub-process is caught on the sub-process; without an error the result is stored', async () => {
  const version = await s.deploy('errors.bpmn');
  const vetoed = await s.start(version, { caseId: 'c-2', hasRecord: true });
  await vetoed.result();
  const st = await s.state(vetoed);
  expect(st.variables.filing).toEqual({ reference: 'REF-c-2' });
  expect(st.visited.map((v) => v.elementId)).toEqual(expect.arrayContaining(['vetting_veto', 'vetoed', 'rejected']));
  expect(st.visited.find((v) => v.elementId === 'vetting')).toMatchObject({ outcome: 'interrupted' });

  const fine = await s.start(version, { caseId: 'c-3', hasRecord: false });
  await fine.result();
  expect((await s.state(fine)).visited.map((v) => v.elementId)).toContain('done');
  await s.finish('errors-subprocess', vetoed);
});
