// /api/openapi.json, generated from the route declarations and their zod schemas: the document
// and the validation are the same objects, so they cannot disagree.
import { z } from 'zod';
import { FILE_LIMIT, JSON_LIMIT, XML_LIMIT } from './bodies';
import { isWrite, type RouteSpec } from './route';

type JsonSchema = Record<string, unknown>;

function schemaOf(s: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const js = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as JsonSchema;
  delete js.$schema;
  return js;
}

const errorSchema: JsonSchema = {
  type: 'object',
  required: ['error', 'details'],
  properties: { error: { type: 'string' }, details: {} },
};

function parameters(spec: RouteSpec): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const [where, s] of [['path', spec.params], ['query', spec.query]] as const) {
    if (!s) continue;
    const js = schemaOf(s, 'input');
    const props = (js.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((js.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries(props)) {
      out.push({ name, in: where, required: where === 'path' || required.has(name), schema, ...(schema.description ? { description: schema.description } : {}) });
    }
  }
  if (spec.stream) out.push({ name: 'token', in: 'query', required: false, schema: { type: 'string' }, description: 'session token, for EventSource clients that cannot send headers' });
  return out;
}

function access(spec: RouteSpec): string {
  if (spec.access === 'public') return 'Anyone.';
  const roles = spec.access.filter((r) => r !== 'auditor' || !isWrite(spec));
  return `Roles: ${roles.join(', ')}.${isWrite(spec) ? ' Auditors: 403 (a write).' : ''}`;
}

export function openApiDocument(specs: RouteSpec[], info: { version: string }): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const spec of specs) {
    const path = '/api' + spec.path.replace(/:(\w+)/g, '{$1}');
    const responses: Record<string, JsonSchema> = {};
    const okStatus = String(spec.status ?? 200);
    for (const [status, doc] of Object.entries(spec.responses ?? { [okStatus]: { description: 'OK' } })) {
      const type = doc.contentType ?? 'application/json';
      responses[status] = {
        description: doc.description,
        ...(doc.schema ? { content: { [type]: { schema: schemaOf(doc.schema, 'output') } } } : type !== 'application/json' ? { content: { [type]: {} } } : {}),
      };
    }
    for (const [status, description] of [
      ['400', 'invalid input'],
      ['401', 'not logged in'],
      ['403', 'not allowed'],
      ...(spec.body ? [['413', `body larger than ${spec.body.kind === 'xml' ? XML_LIMIT : spec.body.kind === 'file' ? FILE_LIMIT : JSON_LIMIT}`], ['415', 'wrong content type']] : []),
    ] as const) {
      if (spec.access === 'public' && (status === '401' || status === '403')) continue;
      responses[status] ??= { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    }
    const op: JsonSchema = {
      summary: spec.summary,
      description: access(spec),
      tags: [spec.tag],
      operationId: `${spec.method}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      parameters: parameters(spec),
      responses,
      ...(spec.access === 'public' ? { security: [] } : {}),
    };
    if (spec.body) {
      op.requestBody =
        spec.body.kind === 'file'
          ? { required: true, description: spec.body.description, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } }
          : spec.body.kind === 'xml'
          ? { required: true, description: spec.body.description, content: { 'application/xml': { schema: { type: 'string' } }, 'text/xml': { schema: { type: 'string' } } } }
          : { required: true, description: spec.body.description, content: { 'application/json': { schema: schemaOf(spec.body.schema, 'input') } } };
    }
    (paths[path] ??= {})[spec.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'gridflow API',
      version: info.version,
      description:
        'Community-governance processes as BPMN on Temporal. Authenticate with POST /api/auth/login; send the token as ' +
        '"Authorization: Bearer <token>", or rely on the session cookie and echo X-CSRF-Token on every write. Errors are {error, details}.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'gridflow_session' },
      },
      schemas: { Error: errorSchema },
    },
    security: [{ bearer: [] }, { cookie: [] }],
    paths,
  };
}
