// The backup procedure of docs/operations.md, done while gridflow is busy: instances are started
// through the API (each writes an Instance row to gridflow.db and a workflow to temporal.db) and
// diagrams deployed, continuously, while scripts/backup.ts copies both files. The copies are
// restored into a fresh data folder, gridflow starts on them, and what it holds must be one
// consistent moment: every workflow has its Instance row, every row (but the one being started at
// the cut) its workflow, and nothing from after the backup is there.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { backupGridflow } from '../../scripts/backup';
import { startRuntime, type Runtime } from '../../server/runtime';
import { loginToken, rawRequest } from '../hostile/support/http';

const DIAGRAMS = path.join(__dirname, '..', '..', 'diagrams');
const dirs: string[] = [];
const tmp = (prefix: string) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(d);
  return d;
};
const runtimes: Runtime[] = [];

async function start(dataDir: string): Promise<Runtime> {
  // no worker: the workflows stay at their first task, which is all the files need to agree on
  const rt = await startRuntime({ dataDir, port: 0, host: '127.0.0.1', temporalPort: 0, worker: false, diagramsDir: DIAGRAMS, pollMs: 500, log: () => {} });
  runtimes.push(rt);
  return rt;
}

async function stop(rt: Runtime): Promise<void> {
  runtimes.splice(runtimes.indexOf(rt), 1);
  await rt.close();
}

afterAll(async () => {
  for (const rt of runtimes.splice(0)) await rt.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function workflowIds(rt: Runtime): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const w of rt.client.workflow.list()) ids.add(w.workflowId);
  return ids;
}

test('a backup taken under load restores to one consistent moment', async () => {
  const dataDir = tmp('gridflow-backup-live-');
  const live = await start(dataDir);
  const admin = await loginToken(live.url, 'admin');
  const vettingXml = fs.readFileSync(path.join(DIAGRAMS, 'vetting.bpmn'), 'utf8');

  let stopWriting = false;
  const failing = (e: unknown) => {
    stopWriting = true;
    throw e;
  };
  const started: string[] = [];
  let deployed = 0;
  /** one instance after another, as fast as the API takes them */
  const instanceWriter = (async () => {
    for (let i = 0; !stopWriting; i++) {
      const res = await rawRequest(live.url, {
        method: 'POST',
        path: '/api/instances',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ processKey: 'vetting', businessKey: `backup-${i}`, variables: { candidateId: `c-${i}`, candidateName: `候选人${i}`, compoundCode: 'compound-1-1-1', departments: null } }),
      });
      if (res.status !== 201) throw new Error(`start ${i}: ${res.status} ${res.text}`);
      started.push((res.json as { instance: { id: string } }).instance.id);
    }
  })().catch(failing);
  /** new versions of a process, each a different graph (the name changes) */
  const deployWriter = (async () => {
    for (let i = 0; !stopWriting; i++) {
      const xml = vettingXml.replace(/"vetting"/g, '"vetting_copy"').replace(/<bpmn:process id="vetting_copy" name="[^"]*"/, `<bpmn:process id="vetting_copy" name="copy ${i}"`);
      const res = await rawRequest(live.url, { method: 'POST', path: '/api/deployments', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/xml' }, body: xml });
      if (res.status !== 201) throw new Error(`deploy ${i}: ${res.status} ${res.text}`);
      deployed++;
    }
  })().catch(failing);

  // let the load build up, back up in the middle of it, keep writing after
  const waitFor = async (enough: () => boolean) => {
    while (!enough() && !stopWriting) await new Promise((r) => setTimeout(r, 50));
  };
  await waitFor(() => started.length >= 15);
  const startedBefore = started.length;
  const backupDir = tmp('gridflow-backup-copy-');
  const backup = await backupGridflow(dataDir, backupDir);
  const startedAtBackupEnd = started.length;
  await waitFor(() => started.length >= startedAtBackupEnd + 10);
  stopWriting = true;
  await Promise.all([instanceWriter, deployWriter]);
  expect(deployed).toBeGreaterThan(0);
  const liveWorkflows = await workflowIds(live);
  expect(started.every((id) => liveWorkflows.has(id))).toBe(true);
  await stop(live);

  // writers were held back only briefly
  expect(backup.lockHeldMs).toBeLessThan(1_000);

  // restore: a new data folder holding the two copies, nothing else
  const restoredDir = tmp('gridflow-backup-restored-');
  fs.copyFileSync(backup.gridflowDb, path.join(restoredDir, 'gridflow.db'));
  fs.copyFileSync(backup.temporalDb, path.join(restoredDir, 'temporal.db'));
  for (const file of ['gridflow.db', 'temporal.db']) {
    const db = new Database(path.join(restoredDir, file), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  }
  const restored = await start(restoredDir);
  const rows = await restored.prisma.instance.findMany({ where: { processKey: 'vetting' }, select: { workflowId: true } });
  const rowIds = new Set(rows.map((r) => r.workflowId));
  const workflows = await workflowIds(restored);

  // the cut fell while the writers ran: it holds what was started before it and nothing after
  expect(rowIds.size).toBeGreaterThanOrEqual(startedBefore);
  expect(rowIds.size).toBeLessThanOrEqual(startedAtBackupEnd + 1);
  expect(rowIds.size).toBeLessThan(started.length);
  for (const id of started.slice(0, startedBefore)) expect(rowIds.has(id)).toBe(true);
  for (const id of started.slice(startedAtBackupEnd + 1)) {
    expect(rowIds.has(id)).toBe(false);
    expect(workflows.has(id)).toBe(false);
  }
  // every workflow has its row (the server writes the row first)...
  expect([...workflows].filter((id) => !rowIds.has(id))).toEqual([]);
  // ...and every row its workflow, except at most the one whose start straddled the cut
  expect([...rowIds].filter((id) => !workflows.has(id)).length).toBeLessThanOrEqual(1);

  // the restored gridflow answers: the copied versions are there, and a restored instance reads
  const admin2 = await loginToken(restored.url, 'admin');
  const versions = await rawRequest(restored.url, { method: 'GET', path: '/api/deployments?processKey=vetting_copy', headers: { authorization: `Bearer ${admin2}` } });
  expect(versions.status).toBe(200);
  const copies = (versions.json as { deployments: unknown[] }).deployments.length;
  expect(copies).toBeGreaterThan(0);
  expect(copies).toBeLessThanOrEqual(deployed);
  const first = await rawRequest(restored.url, { method: 'GET', path: `/api/instances/${started[0]}`, headers: { authorization: `Bearer ${admin2}` } });
  expect(first.status).toBe(200);
  expect((first.json as { instance: { status: string } }).instance.status).toBe('running');
  await stop(restored);
});
