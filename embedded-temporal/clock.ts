/**
 * The one clock of the service: all event times, timers and timeouts read `now()` from here.
 * Deadlines are keyed (one per execution, per test-service sleep...) and kept in a min-heap with
 * lazy invalidation so re-arming is O(log n).
 *
 * Time skipping (the test server's behaviour): when enabled, nothing holds a lock, and the service
 * reports itself idle (no workflow or activity task queued or running), virtual time jumps straight
 * to the earliest deadline. Time skipping starts locked once, as in Temporal's test server; the
 * testing client unlocks around `result()` and `env.sleep()`.
 */
interface HeapEntry { at: number; key: string; seq: number }

export class Clock {
  private offsetMs = 0;
  private heap: HeapEntry[] = [];
  private current = new Map<string, HeapEntry>();
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private lockCount: number;
  private skipScheduled = false;
  private closed = false;
  /** Called for each due key, in deadline order. */
  onDue: (key: string) => void = () => {};
  /** Reports whether work is outstanding that must not be skipped past. */
  isBusy: () => boolean = () => false;

  constructor(readonly timeSkipping = false) {
    this.lockCount = timeSkipping ? 1 : 0;
  }

  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Sets (or moves) the deadline of `key`. */
  set(key: string, at: number): void {
    const prev = this.current.get(key);
    if (prev && prev.at === at) return;
    const e = { at, key, seq: ++this.seq };
    this.current.set(key, e);
    this.push(e);
    if (at < this.timerAt) this.arm();
    this.poke();
  }

  clear(key: string): void {
    this.current.delete(key); // the heap entry becomes stale and is skipped when popped
  }

  lock(): void { this.lockCount++; }

  unlock(): void {
    // Tolerate an extra unlock (the Java test server throws): a stray unlock must not wedge tests.
    if (this.lockCount > 0) this.lockCount--;
    this.poke();
  }

  /** Resolves once virtual time has advanced by `ms` (a deadline of its own, so skipping jumps to it). */
  sleepUntil(at: number): Promise<void> {
    if (at <= this.now()) return Promise.resolve();
    const key = `sleep:${++this.seq}`;
    return new Promise((resolve) => {
      this.sleepers.set(key, resolve);
      this.set(key, at);
    });
  }

  private sleepers = new Map<string, () => void>();

  /** Ask for a skip check soon (after the current burst of state changes). */
  poke(): void {
    if (!this.timeSkipping || this.skipScheduled || this.closed) return;
    this.skipScheduled = true;
    setImmediate(() => {
      this.skipScheduled = false;
      this.maybeSkip();
    });
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const resolve of this.sleepers.values()) resolve();
    this.sleepers.clear();
  }

  private maybeSkip(): void {
    if (this.closed || this.lockCount > 0 || this.isBusy()) return;
    const next = this.peek();
    if (!next) return;
    const now = this.now();
    if (next.at > now) this.offsetMs += next.at - now;
    this.fireDue();
  }

  private peek(): HeapEntry | undefined {
    while (this.heap.length > 0 && this.current.get(this.heap[0].key) !== this.heap[0]) this.pop();
    return this.heap[0];
  }

  private arm(): void {
    if (this.closed) return;
    const next = this.peek();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
    if (!next) return;
    this.timerAt = next.at;
    const delay = Math.min(Math.max(0, next.at - this.now()), 2 ** 31 - 1);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.fireDue();
    }, delay);
    this.timer.unref(); // deadlines never keep a process alive on their own (the gRPC server does)
  }

  private fireDue(): void {
    const now = this.now();
    for (;;) {
      const next = this.peek();
      if (!next || next.at > now) break;
      this.pop();
      this.current.delete(next.key);
      const sleeper = this.sleepers.get(next.key);
      if (sleeper) {
        this.sleepers.delete(next.key);
        sleeper();
      } else {
        this.onDue(next.key);
      }
    }
    this.arm();
    this.poke();
  }

  private push(e: HeapEntry): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p].at <= e.at) break;
      h[i] = h[p];
      i = p;
    }
    h[i] = e;
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const c = r < h.length && h[r].at < h[l].at ? r : l;
      if (h[c].at >= last.at) break;
      h[i] = h[c];
      i = c;
    }
    h[i] = last;
  }
}
