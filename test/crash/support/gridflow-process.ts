// The whole gridflow program as a child process (what `npm start` runs), so a test can kill -9 it
// and start it again on the same data folder. node --import tsx runs main.ts in this one process:
// `npx tsx` would put a second process in between that a SIGKILL would orphan.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.join(__dirname, '..', '..', '..');
export const MAIN = path.join(ROOT, 'server', 'main.ts');

export class GridflowProcess {
  private output = '';
  private exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly startedAt: Date,
    output: string,
    exited: Promise<number | null>,
  ) {
    this.output = output;
    this.exited = exited;
    child.stdout?.on('data', (c: Buffer) => (this.output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (this.output += c.toString()));
  }

  /** Starts gridflow on dataDir with free ports; resolves once it prints its address. */
  static start(dataDir: string, env: Record<string, string> = {}, timeoutMs = 180_000): Promise<GridflowProcess> {
    const startedAt = new Date();
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', TEMPORAL_PORT: '0', GRIDFLOW_DATA: dataDir, SMTP_URL: '', TEMPORAL_ADDRESS: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // its own process group: a kill reaches anything it may have started
      detached: true,
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return new Promise((resolve, reject) => {
      let output = '';
      let settled = false;
      const timer = setTimeout(() => fail(new Error(`gridflow did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
      const fail = (e: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
        reject(e);
      };
      const onData = (c: Buffer) => {
        output += c.toString();
        const ready = /gridflow ready on (http:\/\/\S+)/.exec(output);
        if (ready && !settled) {
          settled = true;
          clearTimeout(timer);
          child.stdout?.off('data', onData);
          child.stderr?.off('data', onData);
          resolve(new GridflowProcess(child, ready[1], startedAt, output, exited));
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      void exited.then((code) => fail(new Error(`gridflow exited with ${code} before it was ready:\n${output}`)));
    });
  }

  get log(): string {
    return this.output;
  }

  /** kill -9 of the whole program; resolves when it is gone */
  async kill9(): Promise<void> {
    try {
      process.kill(-this.child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
    await this.exited;
  }

  /** the operator's stop (SIGTERM: graceful), with a kill -9 if it hangs */
  async stop(timeoutMs = 30_000): Promise<void> {
    try {
      process.kill(-this.child.pid!, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => void this.kill9(), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}
