/**
 * Temporal Core compresses its requests with gzip. grpc-js inflates each request through a new
 * zlib stream (object setup, events, a promise), which profiling showed to be the service's single
 * largest CPU cost (~15% at benchmark load). Requests are small and already fully buffered, so we
 * inflate them synchronously instead, with the same size limit and the same gRPC errors. If the
 * grpc-js internals this relies on are ever missing, nothing is patched and grpc-js works as before.
 */
import * as zlib from 'node:zlib';
import { status } from '@grpc/grpc-js';

interface CallProto {
  decompressMessage?: (this: { maxReceiveMessageSize: number }, message: Buffer, encoding: string) => Buffer | Promise<Buffer>;
}

let patched = false;

export function useSynchronousInflate(): void {
  if (patched) return;
  patched = true;
  let proto: CallProto | undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    proto = (require('@grpc/grpc-js/build/src/server-interceptors') as { BaseServerInterceptingCall?: { prototype: CallProto } }).BaseServerInterceptingCall?.prototype;
  } catch {
    return;
  }
  const original = proto?.decompressMessage;
  if (!proto || typeof original !== 'function') return;
  proto.decompressMessage = function (message, encoding) {
    if (encoding !== 'gzip' && encoding !== 'deflate') return original.call(this, message, encoding);
    const limit = this.maxReceiveMessageSize;
    try {
      const opts = limit > 0 ? { maxOutputLength: limit } : {};
      const body = message.subarray(5);
      return encoding === 'gzip' ? zlib.gunzipSync(body, opts) : zlib.inflateSync(body, opts);
    } catch (err) {
      const tooBig = (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
      return Promise.reject(tooBig
        ? { code: status.RESOURCE_EXHAUSTED, details: `Received message that decompresses to a size larger than ${limit}` }
        : { code: status.INTERNAL, details: 'Failed to decompress message' });
    }
  };
}
