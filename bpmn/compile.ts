// compileBpmn: BPMN 2.0 XML (with gov: extensions) → a validated, content-hashed ProcessGraph, or
// every problem found. Never throws on bad input. Runs in the server and activities (uses node:crypto),
// never in workflow code.
import type { ModdleElement } from 'bpmn-moddle';
import { buildGraph } from './build-graph';
import { graphHash } from './canonical';
import { checkGraph } from './check-graph';
import { expandDeadlines } from './expand-deadlines';
import { checkGovPlacement, readStartVariables } from './gov-extensions';
import { readStartableBy } from './start-rights';
import { GRAPH_SCHEMA_VERSION } from './graph';
import type { ProcessGraph } from './graph';
import { RESERVED_IDS } from './own';
import { DEFAULT_MAX_BYTES, parseXml } from './parse-xml';
import { ProblemList } from './problems';
import type { Problem } from './problems';

export interface CompileOptions {
  /** names of registered activities; when given, a service task naming another is a problem */
  knownActivities?: string[];
  /** refuse larger documents (default 2 MB) */
  maxBytes?: number;
}

export type CompileResult =
  | { ok: true; graph: ProcessGraph; hash: string; warnings: Problem[]; generatedIds: string[] }
  | { ok: false; problems: Problem[]; warnings: Problem[] };

export async function compileBpmn(xml: string, opts: CompileOptions = {}): Promise<CompileResult> {
  const problems = new ProblemList();
  try {
    const graph = await compileInto(problems, xml, opts);
    if (graph && problems.ok) {
      return { ok: true, graph: graph.graph, hash: graphHash(graph.graph), warnings: problems.warnings, generatedIds: graph.generatedIds };
    }
  } catch (e) {
    // a bug of ours must still answer as a problem, not crash the deploy request
    problems.add(null, `internal compiler error: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (problems.ok) problems.add(null, 'the document could not be compiled');
  return { ok: false, problems: problems.problems, warnings: problems.warnings };
}

async function compileInto(problems: ProblemList, xml: string, opts: CompileOptions): Promise<{ graph: ProcessGraph; generatedIds: string[] } | null> {
  const parsed = await parseXml(xml, opts.maxBytes ?? DEFAULT_MAX_BYTES, problems);
  if (!parsed) return null;
  const process = selectProcess(problems, parsed.definitions);
  if (!process) return null;
  const processId = process.id as string;
  checkGovPlacement(problems, processId, process);
  for (const root of (parsed.definitions.rootElements as ModdleElement[] | undefined) ?? []) {
    if (root.$type === 'bpmn:Message' && typeof root.id === 'string') checkGovPlacement(problems, root.id, root);
  }

  const built = buildGraph(problems, process, {
    knownActivities: opts.knownActivities ? new Set(opts.knownActivities) : null,
    unresolved: parsed.unresolved,
  });
  const generatedIds = expandDeadlines(problems, built.elements, built.flows, built.deadlines);
  const graph: ProcessGraph = {
    schema: GRAPH_SCHEMA_VERSION,
    processKey: processId,
    name: processName(process, parsed.definitions),
    elements: built.elements,
    flows: built.flows,
    startIds: Object.values(built.elements).filter((e) => e.kind === 'startEvent' && e.parentId === undefined).map((e) => e.id),
    startVariables: readStartVariables(problems, process),
  };
  const startableBy = readStartableBy(problems, process);
  if (startableBy !== undefined) graph.startableBy = startableBy;
  checkGraph(problems, graph, processId, built.broken);
  return { graph, generatedIds };
}

/**
 * One process per file: a collaboration wrapper (pool) is accepted, and so are empty processes of
 * other pools, but two processes with elements are refused: which one would be deployed?
 */
function selectProcess(problems: ProblemList, definitions: ModdleElement): ModdleElement | null {
  const processes = ((definitions.rootElements as ModdleElement[] | undefined) ?? []).filter((r) => r.$type === 'bpmn:Process');
  if (processes.length === 0) {
    problems.add(null, 'the document contains no bpmn:process');
    return null;
  }
  const withContent = processes.filter((p) => ((p.flowElements as unknown[] | undefined) ?? []).length > 0);
  const candidates = withContent.length > 0 ? withContent : processes;
  if (candidates.length > 1) {
    for (const p of candidates.slice(1)) {
      problems.add(p.id ?? null, `a second process in one file (${candidates.map((c) => c.id).join(', ')}): deploy one process per file`);
    }
    return null;
  }
  const process = candidates[0];
  if (typeof process.id !== 'string' || !/^[A-Za-z_][\w.-]*$/.test(process.id) || RESERVED_IDS.has(process.id)) {
    problems.add(process.id ?? null, 'the process id must be a key of letters, digits, _ . and - (it names every deployed version)');
    return null;
  }
  if (process.isExecutable !== true) problems.add(process.id, 'the process is not executable (set isExecutable="true")');
  return process;
}

function processName(process: ModdleElement, definitions: ModdleElement): string {
  if (typeof process.name === 'string' && process.name.trim() !== '') return process.name.trim();
  for (const root of (definitions.rootElements as ModdleElement[] | undefined) ?? []) {
    for (const participant of (root.participants as ModdleElement[] | undefined) ?? []) {
      if (participant.processRef === process && typeof participant.name === 'string' && participant.name.trim() !== '') return participant.name.trim();
    }
  }
  return process.id as string;
}
