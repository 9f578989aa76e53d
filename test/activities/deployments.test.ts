import { compileBpmn } from '../../bpmn';
import { deployProcess } from '../../activities/deployments';
import { createEngineActivities } from '../../activities';
import { createTestDatabase, type TestDatabase } from '../../prisma/test-db';
import { simpleProcessXml } from './helpers';

let db: TestDatabase;
beforeEach(() => {
  db = createTestDatabase();
});
afterEach(() => db.cleanup());

const deploy = (xml: string) => deployProcess(db.prisma, xml, { createdBy: 'admin', compile: compileBpmn });

function ok<T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error(`deploy refused: ${JSON.stringify(r)}`);
  return r as Extract<T, { ok: true }>;
}

test('each changed diagram is a new numbered version; the same diagram again is the same version', async () => {
  const v1 = ok(await deploy(simpleProcessXml('部门审查')));
  expect([v1.created, v1.deployment.version, v1.deployment.id, v1.deployment.createdBy]).toEqual([true, 1, 'review:v1', 'admin']);
  const again = ok(await deploy(simpleProcessXml('部门审查')));
  expect([again.created, again.deployment.id]).toEqual([false, 'review:v1']);
  const v2 = ok(await deploy(simpleProcessXml('部门复审')));
  expect([v2.created, v2.deployment.version]).toEqual([true, 2]);
  expect(await db.prisma.deployment.count()).toBe(2);

  const acts = createEngineActivities({ prisma: db.prisma });
  expect(await acts.resolveLatestVersion('review')).toBe('review:v2');
  // a running instance keeps its version's graph
  expect((await acts.loadGraph('review:v1')).elements.task.name).toBe('部门审查');
  expect((await acts.loadGraph('review:v2')).elements.task.name).toBe('部门复审');
});

test('deploying an older diagram again makes it the latest, as a new version', async () => {
  ok(await deploy(simpleProcessXml('A')));
  ok(await deploy(simpleProcessXml('B')));
  const v3 = ok(await deploy(simpleProcessXml('A')));
  expect([v3.created, v3.deployment.version]).toEqual([true, 3]);
  expect(await createEngineActivities({ prisma: db.prisma }).resolveLatestVersion('review')).toBe('review:v3');
});

test('versions are numbered per process', async () => {
  ok(await deploy(simpleProcessXml('A', 'review')));
  const other = ok(await deploy(simpleProcessXml('A', 'pairing')));
  expect([other.deployment.id, other.deployment.version]).toEqual(['pairing:v1', 1]);
});

test('a refused diagram stores nothing and names the element at fault', async () => {
  const broken = simpleProcessXml().replace('targetRef="end"', 'targetRef="missing"');
  const r = await deploy(broken);
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.problems.map((p) => p.elementId)).toContain('f2');
  expect(await db.prisma.deployment.count()).toBe(0);
});

test('concurrent deploys of two diagrams of one process get versions 1 and 2', async () => {
  const [a, b] = await Promise.all([deploy(simpleProcessXml('A')), deploy(simpleProcessXml('B'))]);
  expect([ok(a).deployment.version, ok(b).deployment.version].sort()).toEqual([1, 2]);
});
