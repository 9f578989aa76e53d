/**
 * temporal.api.testservice.v1.TestService — what @temporalio/testing's time-skipping environment
 * calls. All of it drives the one Clock: locks stop time skipping, sleeps wait for virtual time
 * (and are themselves deadlines, so skipping jumps to them).
 */
import type { Clock } from './clock';
import type { UnaryHandler } from './grpc-plumbing';
import { durationMs, msToTimestamp, timestampMs, type IDuration, type ITimestamp } from './proto';

export function testServiceHandlers(clock: Clock): Record<string, UnaryHandler> {
  return {
    LockTimeSkipping: () => {
      clock.lock();
      return {};
    },
    UnlockTimeSkipping: () => {
      clock.unlock();
      return {};
    },
    Sleep: async (req: { duration?: IDuration }) => {
      await clock.sleepUntil(clock.now() + (durationMs(req.duration) ?? 0));
      return {};
    },
    SleepUntil: async (req: { timestamp?: ITimestamp }) => {
      await clock.sleepUntil(timestampMs(req.timestamp) ?? 0);
      return {};
    },
    UnlockTimeSkippingWithSleep: async (req: { duration?: IDuration }) => {
      const until = clock.now() + (durationMs(req.duration) ?? 0);
      clock.unlock();
      try {
        await clock.sleepUntil(until);
      } finally {
        clock.lock();
      }
      return {};
    },
    GetCurrentTime: () => ({ time: msToTimestamp(clock.now()) }),
  };
}
