/** Long polls answer empty in time (before Core's 70 s client deadline; shortened here to 300 ms). */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Connection } from '@temporalio/client';
import { startEmbeddedTemporal, type EmbeddedTemporal } from '../../embedded-temporal';

let service: EmbeddedTemporal;
let connection: Connection;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridflow-polls-'));

beforeAll(async () => {
  service = await startEmbeddedTemporal({ port: 0, dbPath: path.join(dir, 't.db'), pollTimeoutMs: 300 });
  connection = await Connection.connect({ address: service.address });
});
afterAll(async () => {
  await connection.close();
  await service.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test.each([
  ['workflow', () => connection.workflowService.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: 'empty', kind: 1 } })],
  ['sticky workflow', () => connection.workflowService.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: 'sticky-x', kind: 2, normalName: 'empty' } })],
  ['activity', () => connection.workflowService.pollActivityTaskQueue({ namespace: 'default', taskQueue: { name: 'empty', kind: 1 } })],
])('an empty %s poll answers with no task after the poll timeout', async (_kind, poll) => {
  const started = Date.now();
  const res = await poll();
  expect(res.taskToken?.length ?? 0).toBe(0);
  const waited = Date.now() - started;
  expect(waited).toBeGreaterThanOrEqual(250);
  expect(waited).toBeLessThan(5000);
});

test('close() answers waiting polls at once', async () => {
  const other = await startEmbeddedTemporal({ port: 0, dbPath: ':memory:' });
  const conn = await Connection.connect({ address: other.address });
  const poll = conn.workflowService.pollWorkflowTaskQueue({ namespace: 'default', taskQueue: { name: 'q', kind: 1 } }).catch((e: unknown) => e);
  await new Promise((r) => setTimeout(r, 100));
  const started = Date.now();
  await other.close();
  await poll;
  expect(Date.now() - started).toBeLessThan(3000);
  await conn.close();
});
