// Request bodies: JSON up to 1 MB, BPMN XML up to 5 MB. The parsers run after authentication, so an
// anonymous caller learns nothing about a route's body, and their failures become {error, details}
// 4xx answers in errors.ts's middleware rather than express's HTML pages.
import express, { type Request, type Response } from 'express';
import { UnsupportedMediaTypeError, BadRequestError } from '../errors';

export const JSON_LIMIT = '1mb';
export const XML_LIMIT = '5mb';
export const FILE_LIMIT = '10mb';
const XML_TYPES = ['application/xml', 'text/xml', 'application/bpmn+xml'];

const jsonParser = express.json({ limit: JSON_LIMIT, strict: true });
const xmlParser = express.text({ limit: XML_LIMIT, type: XML_TYPES });

function run(parser: express.RequestHandler, req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => parser(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** the parsed JSON body, or undefined when the request has none */
export async function readJsonBody(req: Request, res: Response): Promise<unknown> {
  if (!hasBody(req)) return undefined;
  if (!req.is('application/json')) {
    throw new UnsupportedMediaTypeError('send the body as application/json', { contentType: req.headers['content-type'] ?? null });
  }
  await run(jsonParser, req, res);
  return req.body;
}

export async function readXmlBody(req: Request, res: Response): Promise<string> {
  if (!hasBody(req)) throw new BadRequestError('the body must be BPMN XML');
  if (!req.is(XML_TYPES)) {
    throw new UnsupportedMediaTypeError('send the BPMN as application/xml or text/xml', { contentType: req.headers['content-type'] ?? null });
  }
  await run(xmlParser, req, res);
  if (typeof req.body !== 'string' || req.body.trim() === '') throw new BadRequestError('the body must be BPMN XML');
  return req.body;
}

const fileParser = express.raw({ limit: FILE_LIMIT, type: () => true });

/** an uploaded file's bytes; its type is judged by the bytes, not by the header */
export async function readFileBody(req: Request, res: Response): Promise<Buffer> {
  if (!hasBody(req)) throw new BadRequestError('the body must be the file');
  await run(fileParser, req, res);
  if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new BadRequestError('the body must be the file');
  return req.body;
}
