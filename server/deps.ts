// Everything createApp needs, passed in so tests build the app on their own database and engine.
import type { PrismaClient } from '@prisma/client';
import type { ThrottleOptions } from './auth/login-throttle';
import type { ProcessEngine } from './engine/process-engine';
import type { StartSchedules } from './engine/start-schedules';
import type { NotificationFeed } from './notifications/feed';
import type { CompileFn } from '../activities/deployments';

export interface AppDeps {
  prisma: PrismaClient;
  engine: ProcessEngine;
  /** the BPMN compiler (bpmn/compileBpmn) */
  compile: CompileFn;
  /** names of the registered service-task activities, checked at deploy */
  knownActivities?: string[];
  /** the Temporal Schedules of timer start events (absent: timer starts are not scheduled) */
  schedules?: StartSchedules;
  /** server-sent events of new notifications */
  feed: NotificationFeed;
  /** the built browser app (server/web/dist); not served when absent */
  webDist?: string;
  /** set Secure on the session cookie (behind https) */
  secureCookies?: boolean;
  loginThrottle?: ThrottleOptions;
  log?: (message: string, err?: unknown) => void;
  version?: string;
}
