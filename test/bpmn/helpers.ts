// Reading fixtures for the bpmn/ specs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileBpmn, formatProblem } from '../../bpmn';
import type { CompileOptions, ProcessGraph } from '../../bpmn';

export function fixture(kind: 'valid' | 'invalid', name: string): string {
  return readFileSync(join(__dirname, 'fixtures', kind, name), 'utf8');
}

/** Compiles a fixture that must compile; fails the test with every problem otherwise. */
export async function compileValid(name: string, opts?: CompileOptions): Promise<{ graph: ProcessGraph; hash: string; warnings: string[] }> {
  const result = await compileBpmn(fixture('valid', name), opts);
  if (!result.ok) throw new Error(`${name} did not compile:\n${result.problems.map(formatProblem).join('\n')}`);
  return { graph: result.graph, hash: result.hash, warnings: result.warnings.map(formatProblem) };
}

/** The formatted problems of a fixture that must not compile. */
export async function problemsOf(xml: string, opts?: CompileOptions): Promise<string[]> {
  const result = await compileBpmn(xml, opts);
  if (result.ok) throw new Error('expected problems, but the diagram compiled');
  return result.problems.map(formatProblem);
}
