// Every failure answers {error, details}. Bad input is always a 4xx: our typed errors carry their
// status, zod failures are 400 with one entry per problem, and body-parser failures (malformed JSON,
// too large, unsupported charset) keep the 4xx status they come with. A database locked past the
// retry budget is 503 with Retry-After. Only our own bugs are 500.
import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import { HttpError, TooManyRequestsError } from '../errors';
import { isBusy } from '../../prisma/client';

export interface IssueDetail {
  path: string;
  message: string;
}

export function zodDetails(err: ZodError): IssueDetail[] {
  return err.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/**
 * express's own client errors are plain Errors with a 4xx `status`: the body parsers add a `type`,
 * the router throws a URIError for a path parameter that is not valid percent-encoding.
 */
function parserError(err: unknown): { status: number; message: string; type: string } | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as { status?: unknown; type?: unknown; message?: unknown };
  if (typeof e.status !== 'number' || e.status < 400 || e.status >= 500) return null;
  if (typeof e.type !== 'string') {
    const message = err instanceof URIError ? 'a path parameter is not valid percent-encoding' : String(e.message);
    return { status: e.status, type: err instanceof URIError ? 'path.malformed' : 'request.invalid', message };
  }
  const messages: Record<string, string> = {
    'entity.parse.failed': 'the body is not valid JSON',
    'entity.too.large': 'the body is too large',
    'encoding.unsupported': 'unsupported content encoding',
    'charset.unsupported': 'unsupported charset',
    'request.aborted': 'the request was aborted',
  };
  return { status: e.status, type: e.type, message: messages[e.type] ?? String(e.message) };
}

/** SQLite saying its file is damaged (SQLITE_CORRUPT, SQLITE_NOTADB) or cannot be written (SQLITE_READONLY) */
function isDatabaseFileFault(err: unknown): boolean {
  const texts: string[] = [];
  for (let e: unknown = err, i = 0; e && i < 4; e = (e as { cause?: unknown }).cause, i++) {
    if (e instanceof Error) texts.push(e.message, String((e as { code?: unknown }).code ?? ''));
    const meta = (e as { meta?: unknown }).meta;
    if (meta) texts.push(JSON.stringify(meta));
  }
  return /SQLITE_(CORRUPT|NOTADB|READONLY)|disk image is malformed|file is not a database|readonly database/i.test(texts.join('\n'));
}

export function errorHandler(log: (msg: string, err: unknown) => void): ErrorRequestHandler {
  return (err, _req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof HttpError) {
      if (err instanceof TooManyRequestsError) res.setHeader('Retry-After', String(err.retryAfterSeconds));
      res.status(err.status).json({ error: err.message, details: err.details });
      return;
    }
    if (err instanceof ZodError) {
      res.status(400).json({ error: 'invalid request', details: zodDetails(err) });
      return;
    }
    const parsed = parserError(err);
    if (parsed) {
      const limit = (err as { limit?: number }).limit;
      res.status(parsed.status).json({ error: parsed.message, details: { type: parsed.type, ...(limit ? { limitBytes: limit } : {}) } });
      return;
    }
    if (isBusy(err)) {
      // the database stayed locked by another process past the retry budget: overload, not a bug —
      // nothing was written; the client may repeat the request
      res.setHeader('Retry-After', '2');
      res.status(503).json({ error: 'the database is busy; nothing was changed, try again', details: null });
      return;
    }
    if (isDatabaseFileFault(err)) {
      // not a bug and not the caller's: the file under us is damaged or cannot be written
      log('database file fault', err);
      res.status(503).json({ error: "gridflow's database file is damaged or read-only; nothing was changed. GET /api/health names the file", details: null });
      return;
    }
    log('unexpected error', err);
    res.status(500).json({ error: 'internal error', details: null });
  };
}
