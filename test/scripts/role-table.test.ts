// README.md's table of who receives which task is the one the diagrams and the demo seed give:
// changing an assignment, a candidate group or the seed without `npm run roles` fails here.
import { readFileSync } from 'node:fs';
import { BEGIN, END, README, dutiesByUser, roleTable } from '../../scripts/role-table';

test("README.md's role table is the generated one", async () => {
  const readme = readFileSync(README, 'utf8');
  const from = readme.indexOf(BEGIN);
  const to = readme.indexOf(END);
  expect(from).toBeGreaterThanOrEqual(0);
  expect(readme.slice(from, to + END.length)).toBe(await roleTable());
});

// the corrections the product walk asked for, read from the generated duties themselves
test('the table follows the diagrams: C preparatory group to the street officer, candidates to the community secretary, four eyes in B', async () => {
  const { tasks, escalations } = await dutiesByUser();
  expect([...tasks.get('street1-officer')!]).toContain('C 组建筹备组');
  expect([...(tasks.get('street1-secretary') ?? [])]).not.toContain('C 组建筹备组');
  expect([...tasks.get('community1-1-secretary')!]).toContain('C 公示候选人名单并发布会议通知');
  expect([...tasks.get('housing-head')!]).toContain('B 部门响应报到');
  expect([...tasks.get('street1-coordinator')!]).toEqual(expect.arrayContaining(['B 街道验收', 'B 部门满意度评价']));
  expect([...escalations.get('district-secretary')!]).toContain('B 领办推进并提交完成报告');
});
