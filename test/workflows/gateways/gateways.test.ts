import { workflowSuite, type Suite } from '../support/harness';

let s: Suite;
beforeAll(async () => {
  s = await workflowSuite(__dirname);
});
afterAll(async () => s?.close());

const openIds = (st: { openTasks: { elementId: string }[] }) => st.openTasks.map((t) => t.elementId).sort();

test('the inclusive gateway asks only the listed departments and waits for all of them; the parallel join waits for both', async () => {
  const version = await s.deploy('gateways.bpmn');
  const h = await s.start(version, { checks: ['police', 'tax'] });
  let st = await s.waitUntil(h, 'two review tasks', (x) => x.openTasks.length === 2);
  expect(openIds(st)).toEqual(['police', 'tax']);

  await s.complete(h, 'tax', { taxOk: true });
  st = await s.state(h);
  expect(openIds(st)).toEqual(['police']); // the join still waits for police

  await s.complete(h, 'police', { policeOk: true });
  st = await s.waitUntil(h, 'file and announce', (x) => x.openTasks.length === 2);
  expect(openIds(st)).toEqual(['announce', 'file']);
  await s.complete(h, 'announce');
  expect(openIds(await s.state(h))).toEqual(['file']);
  await s.complete(h, 'file');
  const result = await h.result();
  expect(result.variables).toMatchObject({ taxOk: true, policeOk: true });
  expect((await s.state(h)).visited.filter((v) => v.elementId === 'court')).toEqual([]);
  await s.finish('gateways', h);
});
