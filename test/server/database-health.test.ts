// A damaged or read-only database file is named, with what to do, instead of gridflow claiming to
// be ready while its routes fail: GET /api/health answers 503 naming the file, and startup stops
// with a message naming it. Real files damaged on disk, the real runtime, and for the read-only
// case the real `npm start` entry point run as an unprivileged user.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrateDatabase } from '../../prisma/migrate';
import { startRuntime } from '../../server/runtime';
import { startTestServer } from './harness';

const ROOT = path.join(__dirname, '..', '..');

/** folds the WAL into the file, then overwrites `pages` pages after the first with garbage */
function damage(file: string, pages = 6): void {
  const db = new Database(file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  const fd = fs.openSync(file, 'r+');
  try {
    const garbage = Buffer.alloc(pageSize * pages, 0xa5);
    fs.writeSync(fd, garbage, 0, garbage.length, pageSize);
  } finally {
    fs.closeSync(fd);
  }
}

const startOn = (dataDir: string) => startRuntime({ dataDir, port: 0, host: '127.0.0.1', temporalPort: 0, worker: false, log: () => {} });

test('gridflow.db damaged while running: /api/health is 503 naming it, routes 503 not 500; a restart refuses it, naming the file and the backup', async () => {
  const server = await startTestServer({ worker: false, healthCheckMs: 0 });
  const file = path.join(server.dataDir, 'gridflow.db');
  let closed = false;
  try {
    expect((await server.api.get('/api/health')).status).toBe(200);
    const { token } = await server.api.login('admin');
    damage(file);
    const health = await server.api.get('/api/health');
    expect(health.status).toBe(503);
    expect(health.body.error).toContain('gridflow.db is damaged');
    expect(health.body.error).toMatch(/restore it from your latest backup/);
    expect(health.body.details.problems).toEqual([expect.objectContaining({ file: 'gridflow.db', problem: 'damaged' })]);
    // the public answer names the file, not the folder it lives in
    expect(health.text).not.toContain(server.dataDir);
    // routes reading the damaged pages answer 503 (a fault of the file), never a 500
    const login = await server.api.request('POST', '/api/auth/login', { body: { username: 'admin', password: 'gridflow' } });
    expect(login.status).toBe(503);
    for (const p of ['/api/org/officials', '/api/org/units', '/api/deployments', '/api/instances']) {
      const res = await server.api.get(p, token);
      expect(res.status).toBe(503);
      expect(res.body.error).toMatch(/damaged or read-only.*GET \/api\/health names the file/);
    }
    await server.runtime.close();
    closed = true;
    await expect(startOn(server.dataDir)).rejects.toThrow(new RegExp(`${file.replace(/[.\\/]/g, '\\$&')} is damaged .*npm run backup`));
  } finally {
    if (!closed) await server.runtime.close();
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  }
});

test('a damaged temporal.db stops startup with a message naming it', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridflow-health-'));
  try {
    await (await startOn(dataDir)).close();
    const file = path.join(dataDir, 'temporal.db');
    fs.writeFileSync(file, Buffer.alloc(8192, 0x5a));
    await expect(startOn(dataDir)).rejects.toThrow(`${file} is damaged`);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

// root may write any file whatever its mode, so the read-only case runs gridflow as `nobody`
const asNobody = process.getuid?.() === 0 ? test : test.skip;
asNobody('npm start on a read-only gridflow.db stops at once with a message naming the file', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridflow-readonly-'));
  try {
    const file = path.join(dataDir, 'gridflow.db');
    migrateDatabase(file);
    fs.chmodSync(dataDir, 0o755);
    fs.chmodSync(file, 0o444);
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'main.ts')], {
      cwd: ROOT,
      uid: 65534,
      gid: 65534,
      env: { ...process.env, HOME: os.tmpdir(), PORT: '0', HOST: '127.0.0.1', TEMPORAL_PORT: '0', GRIDFLOW_DATA: dataDir, TEMPORAL_ADDRESS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearTimeout(timer);
    expect(output).not.toContain('gridflow ready');
    expect(code).toBe(1);
    expect(output).toContain(`gridflow could not start: ${file} cannot be written (the file is read-only`);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
