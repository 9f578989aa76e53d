/**
 * Turns a protobufjs service (looked up in @temporalio/proto's root) into a grpc-js service
 * definition with per-method encode/decode, so no proto-loader is needed. Every method of the
 * service is registered; methods without a handler answer UNIMPLEMENTED naming the RPC. With an
 * `authenticate` check, a call it refuses answers UNAUTHENTICATED before any handler runs.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import type * as protobuf from 'protobufjs';
import { root, toObjectOptions, PRE_ENCODED_HISTORY, encodeWithHistory, type PreEncodedHistory } from './proto';
import { ServiceError } from './errors';

/** A unary handler: plain request object in, plain response object out. `call` allows cancellation checks. */
export type UnaryHandler = (request: any, call: CallContext) => Promise<object> | object; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface CallContext {
  /** Resolves never; rejects nothing: set to true when the client cancelled or went away. */
  readonly cancelled: () => boolean;
  /** Registers a callback run once when the client cancels (long polls drop their waiter). */
  onCancel(cb: () => void): void;
}

/** Says why a call's metadata does not let it in, or undefined when it does. */
export type Authenticate = (metadata: grpc.Metadata) => string | undefined;

export interface ProtoServiceOptions {
  /** Awaited before any answer is sent: the service's group commit (acknowledged means durable). */
  beforeRespond?: () => Promise<void>;
  /** Checked on every call; absent = every call is let in. */
  authenticate?: Authenticate;
}

/**
 * Temporal's API-key scheme: every call carries `authorization: Bearer <key>` (what the SDK's
 * `apiKey` option and Core send). Keys are compared as SHA-256 digests in constant time, so
 * neither the key's length nor a matching prefix shows in the answer time.
 */
export function requireApiKey(apiKey: string): Authenticate {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  const expected = digest(apiKey);
  return (metadata) => {
    const values = metadata.get('authorization');
    if (values.length === 0) {
      return 'this Temporal service requires an API key: send the metadata "authorization: Bearer <key>" (the SDK\'s apiKey option; gridflow: TEMPORAL_API_KEY)';
    }
    const match = /^Bearer\s+(.+)$/i.exec(String(values[0]).trim());
    if (!match) return 'the authorization metadata must read "Bearer <API key>"';
    if (!timingSafeEqual(digest(match[1]), expected)) return 'the API key is not accepted by this Temporal service';
    return undefined;
  };
}

export function addProtoService(
  server: grpc.Server,
  serviceName: string,
  handlers: Record<string, UnaryHandler>,
  log: (line: string) => void,
  options: ProtoServiceOptions = {},
): void {
  const beforeRespond = options.beforeRespond ?? (() => Promise.resolve());
  const authenticate = options.authenticate;
  const service = root.lookupService(serviceName).resolveAll() as protobuf.Service;
  const reportedUnimplemented = new Set<string>();
  // one log line per distinct refusal reason, not one per call of a misconfigured worker's polls
  const reportedRefusals = new Set<string>();
  const definition: Record<string, grpc.MethodDefinition<object, object>> = {};
  const implementation: grpc.UntypedServiceImplementation = {};
  for (const method of service.methodsArray) {
    const reqType = method.resolvedRequestType as protobuf.Type;
    const resType = method.resolvedResponseType as protobuf.Type;
    definition[method.name] = {
      path: `/${serviceName}/${method.name}`,
      requestStream: false,
      responseStream: false,
      requestSerialize: (v: object) => Buffer.from(reqType.encode(v).finish()),
      requestDeserialize: (b: Buffer) => reqType.toObject(reqType.decode(b), toObjectOptions),
      responseSerialize: (v: object) => {
        const pre = (v as { [PRE_ENCODED_HISTORY]?: PreEncodedHistory })[PRE_ENCODED_HISTORY];
        return pre ? encodeWithHistory(resType, v, pre) : Buffer.from(resType.encode(v).finish());
      },
      responseDeserialize: (b: Buffer) => resType.toObject(resType.decode(b), toObjectOptions),
    };
    const handler = handlers[method.name];
    implementation[method.name] = (call: grpc.ServerUnaryCall<object, object>, callback: grpc.sendUnaryData<object>) => {
      const refused = authenticate?.(call.metadata);
      if (refused) {
        if (!reportedRefusals.has(refused)) {
          reportedRefusals.add(refused);
          log(`refused ${serviceName}/${method.name} from ${call.getPeer()}: ${refused}`);
        }
        callback({ code: grpc.status.UNAUTHENTICATED, details: refused });
        return;
      }
      if (!handler) {
        if (!reportedUnimplemented.has(method.name)) {
          reportedUnimplemented.add(method.name);
          log(`unimplemented RPC called: ${serviceName}/${method.name}`);
        }
        callback({ code: grpc.status.UNIMPLEMENTED, details: `${serviceName}/${method.name} is not implemented by the embedded Temporal service` });
        return;
      }
      let cancelled = false;
      const cancelCbs: Array<() => void> = [];
      call.on('cancelled', () => {
        cancelled = true;
        for (const cb of cancelCbs.splice(0)) cb();
      });
      const ctx: CallContext = { cancelled: () => cancelled, onCancel: (cb) => (cancelled ? cb() : cancelCbs.push(cb)) };
      Promise.resolve()
        .then(() => handler(call.request, ctx))
        .then(async (res) => {
          await beforeRespond();
          return res;
        }, async (err: unknown) => {
          await beforeRespond().catch(() => undefined);
          throw err;
        })
        .then(
          (res) => callback(null, res),
          (err: unknown) => {
            if (err instanceof ServiceError) {
              callback({ code: err.code, details: err.message });
            } else {
              log(`internal error in ${method.name}: ${err instanceof Error ? err.stack : String(err)}`);
              callback({ code: grpc.status.INTERNAL, details: err instanceof Error ? err.message : String(err) });
            }
          },
        );
    };
  }
  server.addService(definition, implementation);
}
