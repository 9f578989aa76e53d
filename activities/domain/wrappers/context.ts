// What every domain activity wrapper shares: the Prisma client, the workflow it runs for, and
// turning a rule violation into a failure Temporal does not retry (the same bad data would fail
// again; the workflow shows it as an incident naming the field).
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Prisma, PrismaClient } from '@prisma/client';
import { DomainInputError } from '../errors';

export interface DomainActivityDeps {
  prisma: PrismaClient;
  /** the calendar day "YYYY-MM-DD" rules such as eligibility are checked on; default: today in Beijing time */
  today?: () => string;
}

export type Tx = Prisma.TransactionClient;

/** The workflow id of the running activity (the instance the rows belong to). */
export function currentWorkflowId(): string {
  const workflowId = Context.current().info.workflowExecution?.workflowId;
  if (!workflowId) throw new Error('domain activities run only for a workflow (no workflow execution in the activity context)');
  return workflowId;
}

/** Today's date in China Standard Time (UTC+8, no daylight saving). */
export function beijingToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export async function domainCall<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof DomainInputError) {
      throw ApplicationFailure.create({ message: e.message, type: 'DomainInputError', nonRetryable: true, details: [{ field: e.field }] });
    }
    throw e;
  }
}

export async function unitByCode(db: Tx | PrismaClient, code: unknown, field: string, kind?: string) {
  if (typeof code !== 'string' || code === '') throw new DomainInputError(field, 'must be a unit code');
  const unit = await db.unit.findUnique({ where: { code } });
  if (!unit) throw new DomainInputError(field, `no org unit with code "${code}"`);
  if (kind && unit.kind !== kind) throw new DomainInputError(field, `"${code}" is a ${unit.kind}, not a ${kind}`);
  return unit;
}

/** A Candidate/GeneralMeeting id carried in variables as a string or number. */
export function rowId(value: unknown, field: string): number {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) throw new DomainInputError(field, `must be a record id, got ${JSON.stringify(value)}`);
  return n;
}

export function stringList(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new DomainInputError(field, 'must be a list of strings');
  return value as string[];
}
