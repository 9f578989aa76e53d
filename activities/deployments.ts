// Deploying a BPMN diagram: an immutable, numbered version per process key. The compiler decides
// what the diagram means; its content hash (of the graph, so moving a shape changes nothing)
// decides whether this is a new version. A refused diagram stores nothing.
import type { PrismaClient } from '@prisma/client';
import type { ProcessGraph } from '../bpmn/graph';
import { writeTransaction } from '../prisma/client';
import { isUniqueViolation } from './errors';

/** the part of compileBpmn (bpmn/index.ts) a deployment needs */
export type CompileFn = (
  xml: string,
  opts: { knownActivities?: string[] },
) => Promise<{ ok: true; graph: ProcessGraph; hash: string; warnings: { elementId: string | null; message: string }[] } | { ok: false; problems: { elementId: string | null; message: string }[] }>;

export interface DeployOptions {
  createdBy: string;
  compile: CompileFn;
  knownActivities?: string[];
}

export interface DeployedVersion {
  id: string;
  processKey: string;
  version: number;
  hash: string;
  name: string;
  createdAt: Date;
  createdBy: string | null;
}

export type DeployResult =
  | { ok: true; deployment: DeployedVersion; created: boolean; warnings: { elementId: string | null; message: string }[] }
  | { ok: false; problems: { elementId: string | null; message: string }[] };

const versionSelect = { id: true, processKey: true, version: true, hash: true, name: true, createdAt: true, createdBy: true } as const;

export function deploymentId(processKey: string, version: number): string {
  return `${processKey}:v${version}`;
}

/**
 * Compiles and stores a new version, unless the latest version of that process has the same hash,
 * which is returned as it is (created: false). Deploying an older version's diagram again makes a
 * new version: the admin means "run this again from now on".
 */
export async function deployProcess(prisma: PrismaClient, xml: string, opts: DeployOptions): Promise<DeployResult> {
  const compiled = await opts.compile(xml, { knownActivities: opts.knownActivities });
  if (!compiled.ok) return { ok: false, problems: compiled.problems };
  const { graph, hash, warnings } = compiled;
  for (let attempt = 0; ; attempt++) {
    try {
      return await writeTransaction(prisma, async (tx) => {
        const latest = await tx.deployment.findFirst({ where: { processKey: graph.processKey }, orderBy: { version: 'desc' }, select: versionSelect });
        if (latest && latest.hash === hash) return { ok: true as const, deployment: latest, created: false, warnings };
        const version = (latest?.version ?? 0) + 1;
        const deployment = await tx.deployment.create({
          data: { id: deploymentId(graph.processKey, version), processKey: graph.processKey, version, hash, name: graph.name, xml, graphJson: JSON.stringify(graph), createdBy: opts.createdBy },
          select: versionSelect,
        });
        return { ok: true as const, deployment, created: true, warnings };
      });
    } catch (e) {
      // another deploy of the same process took this version number: look again
      if (!isUniqueViolation(e) || attempt >= 3) throw e;
    }
  }
}
