// Checks a process needs at its start beyond the declared start variables' types, looked up by
// process key: what the diagram cannot say (this date lies in that year, this pairing is not
// already running). A check throws the API's 4xx errors.
import type { PrismaClient } from '@prisma/client';
import { checkPairingStart } from './pairing';

export type StartCheck = (prisma: PrismaClient, variables: Record<string, unknown>) => Promise<void>;

const START_CHECKS: Record<string, StartCheck> = {
  pairing: checkPairingStart,
};

export async function runStartCheck(prisma: PrismaClient, processKey: string, variables: Record<string, unknown>): Promise<void> {
  await START_CHECKS[processKey]?.(prisma, variables);
}
