/**
 * In-memory task queues with long polls. A queue holds references to tasks (the truth is the
 * execution's mutable state, so a reference may be stale by the time it is handed out — the
 * engine then returns nothing and the poller keeps waiting). Pollers whose call was cancelled
 * are removed at once, so no task is handed to a dead poller.
 */
export interface Poller<T> {
  resolve: (task: T | undefined) => void;
  done: boolean;
}

interface Queue<T> { tasks: T[]; head: number; pollers: Poller<T>[] }

export class TaskQueues<T> {
  private queues = new Map<string, Queue<T>>();

  private queue(key: string): Queue<T> {
    let q = this.queues.get(key);
    if (!q) {
      q = { tasks: [], head: 0, pollers: [] };
      this.queues.set(key, q);
    }
    return q;
  }

  add(key: string, task: T): void {
    const q = this.queue(key);
    while (q.pollers.length > 0) {
      const p = q.pollers.shift()!;
      if (p.done) continue;
      p.done = true;
      p.resolve(task);
      return;
    }
    q.tasks.push(task);
  }

  /** True while a long poll waits on the queue. */
  hasPoller(key: string): boolean {
    return this.queues.get(key)?.pollers.some((p) => !p.done) ?? false;
  }

  /** Takes a queued task now, if any. */
  take(key: string): T | undefined {
    const q = this.queues.get(key);
    if (!q || q.head >= q.tasks.length) return undefined;
    const t = q.tasks[q.head];
    q.tasks[q.head++] = undefined as unknown as T;
    if (q.head > 1024 && q.head * 2 > q.tasks.length) {
      q.tasks = q.tasks.slice(q.head);
      q.head = 0;
    }
    return t;
  }

  /** Waits for the next task; resolves undefined on timeout or when `onCancel` fires. */
  wait(key: string, timeoutMs: number, onCancel: (cb: () => void) => void): Promise<T | undefined> {
    const now = this.take(key);
    if (now !== undefined) return Promise.resolve(now);
    const q = this.queue(key);
    return new Promise((resolve) => {
      const poller: Poller<T> = { done: false, resolve: () => {} };
      const timer = setTimeout(() => finish(undefined), timeoutMs);
      timer.unref();
      const finish = (task: T | undefined) => {
        clearTimeout(timer);
        if (!poller.done) {
          poller.done = true;
          const i = q.pollers.indexOf(poller);
          if (i >= 0) q.pollers.splice(i, 1);
        }
        resolve(task);
      };
      poller.resolve = (task) => {
        clearTimeout(timer);
        resolve(task);
      };
      q.pollers.push(poller);
      onCancel(() => finish(undefined));
    });
  }

  /** Wakes every poller with nothing (shutdown). */
  releaseAll(): void {
    for (const q of this.queues.values()) {
      for (const p of q.pollers.splice(0)) {
        if (!p.done) {
          p.done = true;
          p.resolve(undefined);
        }
      }
    }
  }
}
