// With TEMPORAL_ADDRESS gridflow uses that Temporal service and starts none of its own: here a
// separately started embedded service stands in for a cluster.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startEmbeddedTemporal, type EmbeddedTemporal } from '../../embedded-temporal';
import { DIAGRAMS, startTestServer, type TestServer } from './harness';
import { eventually } from './listeners';

let cluster: EmbeddedTemporal;
let dir: string;
let server: TestServer;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridflow-cluster-'));
  cluster = await startEmbeddedTemporal({ port: 0, dbPath: path.join(dir, 'cluster.db') });
  server = await startTestServer({ temporalAddress: cluster.address, diagramsDir: DIAGRAMS });
}, 180_000);
afterAll(async () => {
  await server?.close();
  await cluster?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('instances run on the given service, and gridflow keeps no temporal.db of its own', async () => {
  expect(server.runtime.temporalAddress).toBe(cluster.address);
  expect(fs.existsSync(path.join(server.dataDir, 'temporal.db'))).toBe(false);
  const admin = (await server.api.login('admin')).token;
  const started = await server.api.post('/api/instances', admin, {
    processKey: 'vetting',
    variables: { candidateId: 'x-1', candidateName: '赵磊', compoundCode: 'compound-1-1-1', departments: ['dept-tax'] },
  });
  expect(started.status).toBe(201);
  const reviewer = (await server.api.login('tax-reviewer')).token;
  await eventually(async () => (await server.api.get('/api/tasks', reviewer)).body.tasks.some((t: { instanceId: string }) => t.instanceId === started.body.instance.id), 30_000, 'the review task');
  // asked directly, the service knows the workflow
  const connection = await Connection.connect({ address: cluster.address });
  try {
    const described = await new Client({ connection }).workflow.getHandle(started.body.instance.id).describe();
    expect(described.status.name).toBe('RUNNING');
  } finally {
    await connection.close();
  }
});
