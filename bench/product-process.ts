/**
 * Starts one of gridflow's own entry points (npm run temporal / npm start / npm run worker) as a
 * child process for a bench, with bench/child-report.ts loaded first (product-entry.ts), waits for the line saying it is
 * ready, and stops it with SIGTERM as an operator would (SIGKILL after 15 s).
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { ChildReport } from './child-report';

export interface ProductProcess {
  name: string;
  /** the first match of `readyLine` on stdout */
  ready: RegExpMatchArray;
  /** the last few kB it printed (stdout and stderr), to explain a failure */
  tail(): string;
  report(): Promise<ChildReport>;
  stop(): Promise<void>;
}

const ROOT = path.join(__dirname, '..');

export async function startProductProcess(name: string, script: string, args: string[], env: Record<string, string>, readyLine: RegExp, timeoutMs = 120_000): Promise<ProductProcess> {
  const child = fork(path.join(__dirname, 'product-entry.ts'), [path.join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    execArgv: ['--import', require.resolve('tsx')],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stderr!.on('data', (c: Buffer) => { output = (output + c.toString()).slice(-4000); });
  const ready = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} was not ready within ${timeoutMs / 1000} s:\n${output}`)), timeoutMs);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${name} exited (code ${code}) before it was ready:\n${output}`)); });
    child.stdout!.on('data', (c: Buffer) => {
      output = (output + c.toString()).slice(-4000);
      const m = readyLine.exec(output);
      if (m) { clearTimeout(timer); resolve(m); }
    });
  });
  child.removeAllListeners('exit');
  return { name, ready, tail: () => output, report: () => askReport(name, child), stop: () => stop(child) };
}

function askReport(name: string, child: ChildProcess): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not report within 10 s`)), 10_000);
    const onMessage = (m: ChildReport) => {
      if (m?.type !== 'report') return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(m);
    };
    child.on('message', onMessage);
    child.send({ type: 'report' });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}
