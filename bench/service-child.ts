/**
 * The embedded service in its own process for the bench, so its CPU can be told apart from the
 * worker's. Forked by bench/temporal.ts with tsx loaded; talks over the IPC channel:
 *   → {type:'ready', address}      ← {type:'report'} → {type:'report', ...}      ← {type:'stop'}
 */
import { commitCounts } from './sqlite-commit-counter'; // first: must wrap better-sqlite3 before the service opens its db
import { performance } from 'node:perf_hooks';

export interface ServiceReport {
  type: 'report';
  commits: typeof commitCounts;
  cpu: NodeJS.CpuUsage;
  /** Event-loop utilisation since start: the share of time the service's one thread was busy. */
  elu: { idle: number; active: number };
}

interface EmbeddedTemporal { address: string; close(): Promise<void> }
type Start = (options: { port?: number; host?: string; dbPath: string; namespace?: string }) => Promise<EmbeddedTemporal>;

async function main(): Promise<void> {
  const dbPath = process.argv[2];
  if (!dbPath || !process.send) throw new Error('usage: forked by bench/temporal.ts with the db path');
  // Loaded by path at run time: the bench is written against the service's published interface.
  const servicePath = '../embedded-temporal/index';
  const { startEmbeddedTemporal } = (await import(servicePath)) as { startEmbeddedTemporal: Start };
  const service = await startEmbeddedTemporal({ port: 0, host: '127.0.0.1', dbPath, namespace: 'default' });
  process.on('message', (message: { type: string }) => {
    if (message.type === 'report') {
      const elu = performance.eventLoopUtilization();
      const report: ServiceReport = { type: 'report', commits: { ...commitCounts }, cpu: process.cpuUsage(), elu: { idle: elu.idle, active: elu.active } };
      process.send!(report);
    } else if (message.type === 'stop') {
      void service.close().finally(() => process.exit(0));
    }
  });
  process.send({ type: 'ready', address: service.address });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
