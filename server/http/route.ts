// One declaration per route: method, path, who may call it, the zod schemas of its input, and the
// handler. The same list mounts the express routes, generates /api/openapi.json, and drives the
// authorisation-matrix test, so the documentation and the checks cannot drift apart.
import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { Caller, Role } from '../auth/roles';

export type Method = 'get' | 'post' | 'put' | 'delete';

export type Access =
  /** anyone, logged in or not */
  | 'public'
  /** these roles only */
  | readonly Role[];

export type BodySpec<S extends z.ZodType> =
  | { kind: 'json'; schema: S; description?: string }
  /** raw BPMN XML (application/xml or text/xml), up to 5 MB */
  | { kind: 'xml'; description?: string }
  /** a file's bytes as they are (any content type; the handler checks what they are), up to 10 MB */
  | { kind: 'file'; description?: string };

export interface RouteContext<B, Q, P> {
  req: Request;
  res: Response;
  /** null only on public routes */
  caller: Caller | null;
  body: B;
  query: Q;
  params: P;
}

export interface ResponseDoc {
  description: string;
  schema?: z.ZodType;
  contentType?: string;
}

export interface RouteSpec<B extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, P extends z.ZodType = z.ZodType> {
  method: Method;
  /** express syntax under /api, e.g. /tasks/:id/claim */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  /**
   * A POST that changes nothing (replay): auditors may call it. Every other non-GET route is a
   * write, and auditors get 403 on every write whatever `access` says.
   */
  readOnly?: boolean;
  /**
   * Answers a session whose password an admin reset (me, logout, change my password); every other
   * route refuses it with 403 until the user has picked their own.
   */
  beforeOwnPassword?: boolean;
  /** server-sent events: the token may come as ?token= (EventSource cannot set headers) */
  stream?: boolean;
  body?: BodySpec<B>;
  query?: Q;
  params?: P;
  /** status of a successful answer (default 200) */
  status?: number;
  responses?: Record<number, ResponseDoc>;
  /**
   * The per-resource rights check (is this task offered to you?), run before the body is read so
   * a caller without rights hears 403 whatever they sent.
   */
  guard?(ctx: { caller: Caller | null; params: z.output<P> }): Promise<void>;
  /** returns the JSON body; a handler that answered itself (XML, SSE) returns undefined */
  handler(ctx: RouteContext<z.output<B>, z.output<Q>, z.output<P>>): Promise<unknown>;
}

/** identity function that keeps the schemas' types flowing into the handler */
export function route<B extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown, P extends z.ZodType = z.ZodUnknown>(
  spec: RouteSpec<B, Q, P>,
): RouteSpec {
  return spec as unknown as RouteSpec;
}

export function isWrite(spec: Pick<RouteSpec, 'method' | 'readOnly'>): boolean {
  return spec.method !== 'get' && !spec.readOnly;
}
