// bpmn/feel.ts is imported by workflow code, which Temporal runs in a deterministic sandbox: it and
// what it imports must not reach for Node APIs, the clock or randomness.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const BPMN = join(__dirname, '..', '..', 'bpmn');

function importsOf(file: string): string[] {
  const source = readFileSync(join(BPMN, file), 'utf8');
  return [...source.matchAll(/^(?:import|export)[^'"]*from\s+'([^']+)'/gm)].map((m) => m[1]);
}

test.each(['feel.ts', 'feel-limits.ts', 'iso-time.ts', 'graph.ts'])('%s imports only pure modules', (file) => {
  for (const spec of importsOf(file)) {
    expect(['feelin', './iso-time', './graph', './feel-limits']).toContain(spec);
  }
  const source = readFileSync(join(BPMN, file), 'utf8');
  expect(source).not.toMatch(/Date\.now\(|new Date\(\)|Math\.random|process\.|require\(/);
});
