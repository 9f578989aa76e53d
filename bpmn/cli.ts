// `npm run gridflow -- validate <file.bpmn>` and `npm run gridflow -- compile <file.bpmn>`:
// the compiler from the command line, for modelers and CI. Exit 0 when the diagram compiles, 1 when
// it has problems, 2 when the command itself is wrong.
import { readFileSync } from 'node:fs';
import { compileBpmn } from './compile';
import type { ProcessGraph } from './graph';
import { formatProblem } from './problems';

const USAGE = 'usage: gridflow validate <file.bpmn> [--activities a,b,...]\n       gridflow compile <file.bpmn> [--activities a,b,...]';

function summary(graph: ProcessGraph, hash: string): string {
  const counts = new Map<string, number>();
  let generated = 0;
  for (const el of Object.values(graph.elements)) {
    if (el.generated) generated++;
    else counts.set(el.kind, (counts.get(el.kind) ?? 0) + 1);
  }
  const drawnFlows = Object.values(graph.flows).filter((f) => !f.generated).length;
  const parts = [...counts.entries()].map(([kind, n]) => `${n} ${kind}`).join(', ');
  return `ok: process "${graph.processKey}" (${graph.name}): ${parts}, ${drawnFlows} flows; ${generated} generated elements; hash ${hash.slice(0, 12)}`;
}

export async function main(argv: string[]): Promise<number> {
  const [command, file, ...rest] = argv;
  if ((command !== 'validate' && command !== 'compile') || !file) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let knownActivities: string[] | undefined;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--activities' && rest[i + 1] !== undefined) knownActivities = rest[++i].split(',').map((s) => s.trim()).filter(Boolean);
    else {
      process.stderr.write(`unknown option ${rest[i]}\n${USAGE}\n`);
      return 2;
    }
  }
  let xml: string;
  try {
    xml = readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const result = await compileBpmn(xml, { knownActivities });
  if (!result.ok) {
    for (const p of result.problems) process.stdout.write(`${formatProblem(p)}\n`);
    return 1;
  }
  for (const w of result.warnings) process.stderr.write(`warning: ${formatProblem(w)}\n`);
  if (command === 'compile') process.stdout.write(`${JSON.stringify(result.graph, null, 2)}\n`);
  else process.stdout.write(`${summary(result.graph, result.hash)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`gridflow: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 2;
  },
);
