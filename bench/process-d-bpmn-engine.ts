/**
 * Baseline for the process-D bench (issue #7): the shipped diagram diagrams/vetting.bpmn, read from
 * disk unmodified, run on the npm package bpmn-engine — in memory, nothing durable — with the same
 * workload as the gridflow side: N vettings, each reviewed by `departments` departments in parallel,
 * every review answered as soon as it waits. gov: extensions are mapped in ./process-d-bpmn-engine-gov.
 *
 *   npx tsx -e "require('./bench/process-d-bpmn-engine').runVettingOnBpmnEngine({instances:1000,departments:14}).then(r=>console.log(r))"
 */
import fs from 'node:fs';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import v8 from 'node:v8';
import { Engine, type BpmnEngineOptions } from 'bpmn-engine';
import { summariseVetting, type Review } from '../activities/domain/vettingResult';
import { GOV_NOT_MAPPED, extendGovLoop, govExpressions, govExtension, parseGovDiagram, type GovService } from './process-d-bpmn-engine-gov';

export interface BpmnEngineVettingResult {
  instances: number;
  /** vettings that ran at once */
  concurrency: number;
  /** reviews completed (a review cancelled by a veto is not counted) */
  reviews: number;
  wallMs: number;
  instancesPerSec: number;
  /** completed reviews per second of wall time */
  tasksPerSec: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  peakRssBytes: number;
  /** instances per end event reached */
  ended: { passed: number; vetoed: number };
  /** reviews the completion condition cancelled (vetoAt only) */
  cancelledReviews: number;
  /** gridflow.notify calls (the veto notice) */
  notifications: number;
  /** what the figures mean and which gov: features were not mapped */
  notes: string[];
}

export interface BpmnEngineVettingOptions {
  instances: number;
  departments: number;
  /** vettings running at once; default all of them */
  concurrency?: number;
  /** 0-based: the department at this position answers veto in every vetting (default: all pass) */
  vetoAt?: number;
}

/**
 * bpmn-engine keeps every open vetting in the heap: measured ~4.7–5 MB for one vetting with its 14
 * reviews waiting (bpmn-engine 25.0.1: ~5,900 smqp queues — each iteration of the multi-instance
 * sub-process gets its own context, activities and brokers). 1000 of them at once need more than
 * Node's default heap (4.3 GB on the bench machine) and the process dies out of memory, so the
 * default "all at once" is capped to what half the heap holds. An explicit `concurrency` is obeyed.
 */
const HEAP_BYTES_PER_WAITING_REVIEW = 400_000;

function defaultConcurrency(instances: number, departments: number): { concurrency: number; capped: boolean } {
  const fits = Math.max(1, Math.floor((v8.getHeapStatistics().heap_size_limit * 0.5) / (departments * HEAP_BYTES_PER_WAITING_REVIEW)));
  return { concurrency: Math.min(instances, fits), capped: fits < instances };
}

/** bpmn-engine logs through `debug` by default; the gridflow side runs with logging off too. */
const silentLogger = () => ({ debug() {}, error() {}, warn() {} });

/** A vetting did not end the way the workload makes it end: the engine run is not comparable. */
export class BpmnEngineVettingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BpmnEngineVettingError';
  }
}

const DIAGRAM = path.join(__dirname, '..', 'diagrams', 'vetting.bpmn');
const REVIEW_TASK = 'Task_review';
const END_PASSED = 'End_passed';
const END_VETOED = 'End_vetoed';

/** What the engine listener hands over: the element api of bpmn-elements (only what we use). */
interface ElementApi {
  id: string;
  executionId: string;
  signal(message: unknown): void;
}

interface InstanceRecord {
  endedAt?: string;
  recordedReviews?: (Review | null)[];
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}

export async function runVettingOnBpmnEngine(opts: BpmnEngineVettingOptions): Promise<BpmnEngineVettingResult> {
  const instances = positive('instances', opts.instances);
  const departmentCount = positive('departments', opts.departments);
  const { concurrency, capped } =
    opts.concurrency === undefined ? defaultConcurrency(instances, departmentCount) : { concurrency: Math.min(instances, positive('concurrency', opts.concurrency)), capped: false };
  const vetoAt = opts.vetoAt;
  if (vetoAt !== undefined && !(Number.isInteger(vetoAt) && vetoAt >= 0 && vetoAt < departmentCount)) {
    throw new RangeError(`vetoAt must be a department position 0..${departmentCount - 1}, got ${vetoAt}`);
  }
  const departmentCodes = Array.from({ length: departmentCount }, (_, i) => `dept-${i + 1}`);

  // parsed once, like gridflow compiles a diagram once at deploy; each vetting gets its own Engine
  const moddleContext = await parseGovDiagram(fs.readFileSync(DIAGRAM, 'utf8'));

  let peakRssBytes = process.memoryUsage().rss;
  const sampleRss = () => {
    peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss);
  };
  const sampler = setInterval(sampleRss, 50);

  const records: InstanceRecord[] = Array.from({ length: instances }, () => ({}));
  const latencies: number[] = [];
  let reviews = 0;
  let notifications = 0;

  const runOne = (index: number): Promise<void> => {
    const record = records[index];
    const services: Record<string, GovService> = {
      vettingDepartments: ({ requested }) => (Array.isArray(requested) && requested.length > 0 ? requested : departmentCodes),
      recordVettingResult: ({ departments, reviews: recorded }) => {
        record.recordedReviews = recorded as (Review | null)[];
        return summariseVetting(departments as string[], recorded as (Review | null)[]);
      },
      'gridflow.notify': () => {
        notifications++;
        return null;
      },
    };
    const engine = new Engine({
      name: `vetting-${index}`,
      moddleContext,
      extendFn: extendGovLoop,
      expressions: govExpressions,
      extensions: { gov: govExtension },
      services,
      Logger: silentLogger,
    } as unknown as BpmnEngineOptions);

    // Latency, defined as on the gridflow side: from a review's completion (the signal is sent) to
    // the instance's next observable state change — the review task left, and after the last review
    // the vetting at its end event. bpmn-engine runs everything an answer triggers synchronously
    // inside signal() (seen in its events: task end, task leave, sub-process end … End_passed, then
    // signal() returns), so the time signal() takes is that latency: the engine's own processing,
    // with no queueing in it.
    const open = new Map<string, ElementApi>();
    let reviewsWaited = 0;
    const listener = new EventEmitter();
    listener.on('wait', (api: ElementApi) => {
      if (api.id !== REVIEW_TASK) return;
      const position = reviewsWaited++;
      open.set(api.executionId, api);
      // the official answers as soon as the review waits — after the engine has finished this step
      setImmediate(() => {
        if (!open.has(api.executionId) || record.endedAt) return;
        const veto = position === vetoAt;
        const at = performance.now();
        api.signal({ decision: veto ? 'veto' : 'pass', reason: veto ? '有不良记录' : '无异常' });
        latencies.push(performance.now() - at);
      });
    });
    listener.on('activity.end', (api: ElementApi) => {
      if (api.id === REVIEW_TASK) reviews++;
      else if (api.id === END_PASSED || api.id === END_VETOED) record.endedAt = api.id;
    });
    listener.on('activity.leave', (api: ElementApi) => {
      // a review left (answered or cancelled by a veto) is no longer answered
      if (api.id === REVIEW_TASK) open.delete(api.executionId);
    });

    // waitFor first: an engine error rejects it, and Promise.all handles that rejection at once
    const ended = engine.waitFor('end');
    const started = engine.execute({ listener, variables: { candidateId: `bench-${index}`, candidateName: `候选人${index}`, compoundCode: 'compound-1-1-1', departments: null } });
    return Promise.all([started, ended]).then(() => undefined);
  };

  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < instances) await runOne(next++);
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    clearInterval(sampler);
  }
  const wallMs = performance.now() - t0;
  sampleRss();

  const expectedEnd = vetoAt === undefined ? END_PASSED : END_VETOED;
  const expectedReviews = vetoAt === undefined ? departmentCount : vetoAt + 1;
  let cancelledReviews = 0;
  records.forEach((r, i) => {
    const answered = r.recordedReviews?.filter((x) => x !== null && x !== undefined).length ?? 0;
    if (r.endedAt !== expectedEnd || r.recordedReviews?.length !== departmentCount || answered !== expectedReviews) {
      throw new BpmnEngineVettingError(
        `bpmn-engine vetting ${i} ended at ${r.endedAt ?? 'no end event'} with ${answered} of ${r.recordedReviews?.length ?? 0} reviews recorded; expected ${expectedEnd} with ${expectedReviews} of ${departmentCount}`,
      );
    }
    cancelledReviews += departmentCount - answered;
  });
  const ended = {
    passed: records.filter((r) => r.endedAt === END_PASSED).length,
    vetoed: records.filter((r) => r.endedAt === END_VETOED).length,
  };

  latencies.sort((a, b) => a - b);
  return {
    instances,
    concurrency,
    reviews,
    wallMs,
    instancesPerSec: (instances / wallMs) * 1000,
    tasksPerSec: (reviews / wallMs) * 1000,
    latencyP50Ms: percentile(latencies, 50),
    latencyP99Ms: percentile(latencies, 99),
    peakRssBytes,
    ended,
    cancelledReviews,
    notifications,
    notes: [
      `bpmn-engine ${bpmnEngineVersion()}: diagrams/vetting.bpmn as shipped, in memory (no persistence, no durability), one Engine per vetting, ${concurrency} at once${capped ? ` (not all ${instances}: bpmn-engine holds ~5 MB of heap per open 14-review vetting, more than this heap holds for all of them)` : ''}.`,
      'latency: from a review answered (signal sent) to the engine having run it through (task left; after the last review, the end event reached) — synchronous engine work only.',
      'peak RSS: of the whole process, sampled every 50 ms (includes whatever else the process holds).',
      ...GOV_NOT_MAPPED.map((n) => `not mapped: ${n}`),
    ],
  };
}

function bpmnEngineVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(path.dirname(require.resolve('bpmn-engine')), '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '(version unknown)';
  }
}
