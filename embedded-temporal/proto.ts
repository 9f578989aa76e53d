/**
 * The protobuf root and the small conversions every part of the service needs.
 * We use @temporalio/proto's own protobufjs root (one copy of protobufjs in the tree), so messages
 * we encode are exactly what the SDK decodes. Requests are turned into plain objects with int64 as
 * numbers; responses and history events are plain objects typed against the generated `I*`
 * interfaces (protobufjs `encode` accepts plain objects and ignores unknown keys, so the types are
 * what keeps us honest).
 */
import { temporal, google } from '@temporalio/proto';
import * as protobuf from 'protobufjs';
import type Long from 'long';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const protoRoot: protobuf.Root = require('@temporalio/proto/protos/json-module');

export { temporal, google };
export const root = protoRoot;

/**
 * The generated interfaces type int64 as Long; our plain objects carry numbers (requests are
 * decoded with `longs: Number`, and `encode` accepts numbers). `Plain<T>` is the generated
 * interface with that one substitution — every other field name and type is still checked.
 */
export type Plain<T> = T extends Long ? number
  : T extends Uint8Array ? Uint8Array
  : T extends (infer U)[] ? Plain<U>[]
  : T extends object ? { [K in keyof T]: Plain<T[K]> }
  : T;

export type IHistoryEvent = Plain<temporal.api.history.v1.IHistoryEvent>;
export type IPayloads = Plain<temporal.api.common.v1.IPayloads>;
export type IFailure = Plain<temporal.api.failure.v1.IFailure>;
export type IDuration = Plain<google.protobuf.IDuration>;
export type ITimestamp = Plain<google.protobuf.ITimestamp>;

export const EventType = temporal.api.enums.v1.EventType;
export const ExecutionStatus = temporal.api.enums.v1.WorkflowExecutionStatus;
export type ExecutionStatus = temporal.api.enums.v1.WorkflowExecutionStatus;
export const RetryState = temporal.api.enums.v1.RetryState;
export const TimeoutType = temporal.api.enums.v1.TimeoutType;
export const WorkflowTaskFailedCause = temporal.api.enums.v1.WorkflowTaskFailedCause;

/** Plain-object conversion used for every decoded request: int64 → number, enums → number. */
export const toObjectOptions: protobuf.IConversionOptions = { longs: Number, enums: Number, defaults: false, arrays: true, objects: true, oneofs: false };

/** A protobuf Duration (as decoded or as authored) in milliseconds; undefined when absent or zero. */
export function durationMs(d: IDuration | null | undefined): number | undefined {
  if (!d) return undefined;
  const ms = Number(d.seconds ?? 0) * 1000 + Math.floor(Number(d.nanos ?? 0) / 1e6);
  return ms > 0 ? ms : undefined;
}

export function msToDuration(ms: number): IDuration {
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: (ms - seconds * 1000) * 1e6 } as IDuration;
}

export function msToTimestamp(ms: number): ITimestamp {
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: (ms - seconds * 1000) * 1e6 } as ITimestamp;
}

export function timestampMs(t: ITimestamp | null | undefined): number | undefined {
  if (!t) return undefined;
  return Number(t.seconds ?? 0) * 1000 + Math.floor(Number(t.nanos ?? 0) / 1e6);
}

const anyPrefix = 'type.googleapis.com/';

/** Pack a message into google.protobuf.Any. */
export function packAny(typeName: string, value: object): Plain<google.protobuf.IAny> {
  const type = messageType(typeName);
  return { type_url: anyPrefix + typeName, value: type.encode(value).finish() };
}

/** Unpack google.protobuf.Any into a plain object (int64 as numbers); throws on an unknown type. */
export function unpackAny<T>(any: Plain<google.protobuf.IAny> | null | undefined): { typeName: string; value: T } {
  if (!any?.type_url) throw new Error('protocol message without a body');
  const typeName = any.type_url.slice(any.type_url.lastIndexOf('/') + 1);
  const type = messageType(typeName);
  const msg = type.decode(any.value ?? new Uint8Array());
  return { typeName, value: type.toObject(msg, toObjectOptions) as T };
}

const typeCache = new Map<string, protobuf.Type>();
/** root.lookupType with a cache: the lookup walks the namespace tree on every call. */
export function messageType(name: string): protobuf.Type {
  let t = typeCache.get(name);
  if (!t) typeCache.set(name, (t = root.lookupType(name)));
  return t;
}

const historyEventType = () => messageType('temporal.api.history.v1.HistoryEvent');

export function encodeEvent(ev: IHistoryEvent): Uint8Array {
  return historyEventType().encode(ev).finish();
}

export function decodeEvent(bytes: Uint8Array): IHistoryEvent {
  const t = historyEventType();
  return t.toObject(t.decode(bytes), toObjectOptions) as IHistoryEvent;
}

/**
 * Responses may carry their `history` field pre-encoded under this key: the events of a run are
 * encoded once (when written to SQLite) and every later task or history page reuses those bytes
 * instead of re-encoding the whole history each time.
 */
export const PRE_ENCODED_HISTORY = Symbol('preEncodedHistory');

export interface PreEncodedHistory { fieldName: 'history'; events: Uint8Array[] }

/** Appends `fieldName` (a temporal.api.history.v1.History) built from already-encoded events. */
export function encodeWithHistory(type: protobuf.Type, message: object, pre: PreEncodedHistory): Buffer {
  const w = type.encode(message);
  w.uint32((type.fields[pre.fieldName].id << 3) | 2).fork();
  for (const ev of pre.events) w.uint32((1 << 3) | 2).bytes(ev); // History.events = 1
  w.ldelim();
  return Buffer.from(w.finish());
}
