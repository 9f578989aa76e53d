/**
 * Preloaded (`--import`) into each gridflow process the process-D bench starts — the real
 * `npm run temporal`, `npm start` and `npm run worker` entry points — so the bench can ask each
 * for its peak RSS, CPU time and SQLite commits over the IPC channel without changing them:
 *   ← {type:'report'}   → {type:'report', maxRssBytes, cpu, commits, elu}
 */
import { commitCounts } from './sqlite-commit-counter'; // first: wraps better-sqlite3 before the process opens its db
import { performance } from 'node:perf_hooks';

export interface ChildReport {
  type: 'report';
  /** the process's peak resident set size so far (getrusage ru_maxrss) */
  maxRssBytes: number;
  cpu: NodeJS.CpuUsage;
  commits: typeof commitCounts;
  /** event-loop utilisation since start: how much of the time the process's one thread was busy */
  elu: { idle: number; active: number };
}

if (process.send) {
  process.on('message', (message: { type?: string }) => {
    if (message?.type !== 'report') return;
    const { idle, active } = performance.eventLoopUtilization();
    const report: ChildReport = { type: 'report', maxRssBytes: process.resourceUsage().maxRSS * 1024, cpu: process.cpuUsage(), commits: { ...commitCounts }, elu: { idle, active } };
    process.send!(report);
  });
  // the IPC channel must not keep a stopped process alive
  process.channel?.unref();
}
