// Everything createApp needs, passed in so tests build the app on their own database and engine.
import type { PrismaClient } from '@prisma/client';
import type { ThrottleOptions } from './auth/login-throttle';
import type { ScryptCost } from './auth/password';
import type { TrustedProxy } from './http/trusted-proxy';
import type { OpenStreams } from './notifications/open-streams';
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
  /** the notification streams open now, ended with their session */
  streams: OpenStreams;
  /** proxies whose X-Forwarded-For names the client address (GRIDFLOW_TRUSTED_PROXY); absent: the socket address */
  trustedProxy?: TrustedProxy;
  /** scrypt cost of new password hashes (default N = 2^17); weaker stored hashes are upgraded at login */
  passwordCost?: ScryptCost;
  /** hosts webhooks may reach even on loopback or private addresses (default: GRIDFLOW_WEBHOOK_ALLOW_HOSTS) */
  webhookAllowHosts?: readonly string[];
  /** SQLite files GET /api/health checks (gridflow.db, and temporal.db when embedded) */
  databaseFiles?: string[];
  /** how long a healthy file check is trusted before GET /api/health repeats it (default 15 s) */
  healthCheckMs?: number;
  log?: (message: string, err?: unknown) => void;
  /** where uploaded attachments are stored, one folder per instance (<data>/attachments); uploads are refused when absent */
  attachmentsDir?: string;
  version?: string;
}
