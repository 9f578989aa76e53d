// createApp: the express application, nothing started. The runtime (runtime.ts) gives it a
// database, an engine and a notification feed and listens; tests do the same on their own.
import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import type { AppDeps } from './deps';
import { NotFoundError } from './errors';
import { childInstanceIds } from './http/child-instance-ids';
import { errorHandler } from './http/error-handler';
import { mountRoutes } from './http/mount';
import { securityHeaders } from './http/security-headers';
import { apiRoutes } from './routes';

export function createApp(deps: AppDeps): Express {
  const log = deps.log ?? ((m: string, e?: unknown) => console.error(m, e));
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // req.ip: the socket address, or the client named by X-Forwarded-For when it came through a trusted proxy
  app.set('trust proxy', deps.trustedProxy ?? false);
  app.use(securityHeaders({ https: deps.secureCookies }));

  app.use('/api', childInstanceIds());
  app.use('/api', mountRoutes(deps.prisma, apiRoutes(deps)));
  app.use('/api', (req, _res, next) => next(new NotFoundError(`no route ${req.method} ${req.originalUrl.split('?')[0]}`)));

  const index = deps.webDist ? path.join(deps.webDist, 'index.html') : undefined;
  if (deps.webDist && fs.existsSync(deps.webDist)) {
    app.use(express.static(deps.webDist, { index: 'index.html', maxAge: '1h' }));
    // the owners' public voting page (process C), printed on the meeting notices as /vote
    const vote = path.join(deps.webDist, 'vote.html');
    app.get('/vote', (_req, res, next) => (fs.existsSync(vote) ? res.sendFile(vote) : next()));
    // the browser app routes on the client: any other GET page gets its shell
    app.get(/^\/(?!api\/).*/, (_req, res, next) => (index && fs.existsSync(index) ? res.sendFile(index) : next()));
  }
  app.use((req, _res, next) => next(new NotFoundError(`no page ${req.path}`)));
  app.use(errorHandler(log));
  return app;
}
