// Everything createApp needs, passed in so tests build the app on their own database and engine.
import type { PrismaClient } from '@prisma/client';
import type { ThrottleOptions } from './auth/login-throttle';
import type { ProcessEngine } from './engine/process-engine';
import type { NotificationFeed } from './notifications/feed';
import type { CompileFn } from '../activities/deployments';

export interface AppDeps {
  prisma: PrismaClient;
  engine: ProcessEngine;
  /** the BPMN compiler (bpmn/compileBpmn) */
  compile: CompileFn;
  /** names of the registered service-task activities, checked at deploy */
  knownActivities?: string[];
  /** server-sent events of new notifications */
  feed: NotificationFeed;
  /** the built browser app (server/web/dist); not served when absent */
  webDist?: string;
  /** set Secure on the session cookie (behind https) */
  secureCookies?: boolean;
  loginThrottle?: ThrottleOptions;
  /** hosts webhooks may reach even on loopback or private addresses (default: GRIDFLOW_WEBHOOK_ALLOW_HOSTS) */
  webhookAllowHosts?: readonly string[];
  /** SQLite files GET /api/health checks (gridflow.db, and temporal.db when embedded) */
  databaseFiles?: string[];
  /** how long a healthy file check is trusted before GET /api/health repeats it (default 15 s) */
  healthCheckMs?: number;
  log?: (message: string, err?: unknown) => void;
  version?: string;
}
