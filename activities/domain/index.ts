// The service activities the shipped diagrams (diagrams/) name in gov:activity, as one registry.
// Each takes the service task's input mappings as one object and returns its result (stored under
// gov:resultVariable, or merged into the scope when it is an object). The rules themselves are the
// pure functions beside this file; the wrappers only read and write the records.
import { committeeActivities } from './wrappers/committee';
import type { DomainActivityDeps } from './wrappers/context';
import { pairingActivities } from './wrappers/pairing';
import { pairingRecordActivities } from './wrappers/pairing-records';
import { projectActivities } from './wrappers/project';
import { vettingActivities } from './wrappers/vetting';

export type { DomainActivityDeps } from './wrappers/context';

export function createDomainActivities(deps: DomainActivityDeps) {
  return {
    ...vettingActivities(deps),
    ...committeeActivities(deps),
    ...pairingActivities(deps),
    ...pairingRecordActivities(deps),
    ...projectActivities(deps),
  };
}

export type DomainActivities = ReturnType<typeof createDomainActivities>;

/** Names for the compiler's knownActivities (add the engine's own, e.g. gridflow.notify). */
export const domainActivityNames = [
  'vettingDepartments',
  'recordVettingResult',
  'checkEligibility',
  'fileOwnerRepresentatives',
  'validatePreparatoryGroup',
  'registerNominees',
  'buildCandidatePool',
  'scheduleGeneralMeeting',
  'tallyBallots',
  'recordCommitteeFiling',
  'proposeMatches',
  'recordPairing',
  'closeProject',
  'checkYearlyClaim',
  'recordPairingLists',
  'recordAgreement',
  'recordProjectReport',
  'recordRatings',
  'endPairing',
  'registerProject',
  'recordSettledLevel',
] as const satisfies readonly (keyof DomainActivities)[];
