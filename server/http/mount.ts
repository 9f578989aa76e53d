// Turns the route declarations into an express router: authenticate → authorise → parse and validate
// the input → handler → JSON answer. Handlers never see unvalidated input.
import { Router, type Request } from 'express';
import type { PrismaClient } from '@prisma/client';
import { z } from 'zod';
import { BadRequestError } from '../errors';
import { authenticate, authorize } from './authenticate';
import { readFileBody, readJsonBody, readXmlBody } from './bodies';
import { zodDetails } from './error-handler';
import { findJsonHazard } from './json-hazards';
import { assertVariablesFit } from './variable-size';
import type { RouteSpec } from './route';

function validate(schema: z.ZodType | undefined, value: unknown, what: string): unknown {
  if (!schema) return value;
  const result = schema.safeParse(value);
  if (!result.success) throw new BadRequestError(`invalid ${what}`, zodDetails(result.error));
  return result.data;
}

async function readBody(spec: RouteSpec, req: Request, res: Parameters<typeof readJsonBody>[1]): Promise<unknown> {
  if (!spec.body) return undefined;
  if (spec.body.kind === 'xml') return readXmlBody(req, res);
  if (spec.body.kind === 'file') return readFileBody(req, res);
  const raw = await readJsonBody(req, res);
  const hazard = findJsonHazard(raw);
  if (hazard) throw new BadRequestError(`the body ${hazard.path ? `at ${hazard.path} ` : ''}${hazard.message}`, [hazard]);
  const body = validate(spec.body.schema, raw, 'request body');
  // every route taking process variables (start, complete, message, retry) names them `variables`
  const variables = (body as { variables?: unknown } | undefined)?.variables;
  if (typeof variables === 'object' && variables !== null) assertVariablesFit(variables as Record<string, unknown>);
  return body;
}

export function mountRoutes(prisma: PrismaClient, specs: RouteSpec[]): Router {
  const router = Router();
  for (const spec of specs) {
    router[spec.method](spec.path, async (req, res) => {
      const caller = await authenticate(prisma, req, spec);
      authorize(spec, caller);
      const params = validate(spec.params, req.params, 'path parameter');
      if (spec.guard) await spec.guard({ caller, params });
      const query = validate(spec.query, req.query, 'query parameter');
      const body = await readBody(spec, req, res);
      const result = await spec.handler({ req, res, caller, body, query, params });
      // a handler may choose the status for one answer (res.locals.status), e.g. 200 instead of 201
      const status = typeof res.locals.status === 'number' ? res.locals.status : undefined;
      if (result !== undefined && !res.headersSent) res.status(status ?? spec.status ?? 200).json(result);
      else if (!res.headersSent) res.status(status ?? 204).end();
    });
  }
  return router;
}
