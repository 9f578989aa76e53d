// The gridflow CLI as a modeler or CI runs it: a child process, its output and exit code.
import { execFile } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const FIXTURES = join(__dirname, 'fixtures');

function run(command: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const gridflow = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'bpmn/cli.ts', ...args]);

test('validate prints a one-line summary and exits 0 for a valid diagram', async () => {
  const { code, stdout } = await gridflow('validate', join(FIXTURES, 'valid', 'vetting.bpmn'));
  expect(code).toBe(0);
  expect(stdout).toMatch(
    /^ok: process "vetting" \(候选人资格联审\): 1 startEvent, 1 userTask, 1 exclusiveGateway, 2 endEvent, 1 serviceTask, 5 flows; 9 generated elements; hash [0-9a-f]{12}\n$/,
  );
});

test('validate prints every problem as element <id>: <message> and exits 1', async () => {
  const { code, stdout } = await gridflow('validate', join(FIXTURES, 'invalid', 'unknown-activity.bpmn'), '--activities', 'tallyBallots,fileResult');
  expect(code).toBe(1);
  expect(stdout).toBe(
    'element tally: gov:activity "talyBallots" is not a registered activity (known: fileResult, tallyBallots)\n' +
    'element nothing: a service task needs gov:activity (the name of a registered activity)\n',
  );
});

test('compile prints the graph as JSON', async () => {
  const { code, stdout } = await gridflow('compile', join(FIXTURES, 'valid', 'tasks.bpmn'));
  expect(code).toBe(0);
  const graph = JSON.parse(stdout);
  expect(graph.processKey).toBe('tasks');
  expect(Object.keys(graph.elements)).toEqual(['start', 'confirm', 'tally', 'announce', 'end']);
});

test('a missing file or a wrong command exits 2 with a usage message', async () => {
  const missing = await gridflow('validate', join(FIXTURES, 'nope.bpmn'));
  expect(missing.code).toBe(2);
  expect(missing.stderr).toMatch(/^cannot read .*nope\.bpmn/);
  const wrong = await gridflow('deploy', 'x.bpmn');
  expect(wrong.code).toBe(2);
  expect(wrong.stderr).toMatch(/^usage: gridflow validate <file.bpmn>/);
});

test('npm run gridflow -- validate is wired to the CLI', async () => {
  const { code, stdout } = await run('npm', ['run', '-s', 'gridflow', '--', 'validate', join(FIXTURES, 'invalid', 'no-start.bpmn')]);
  expect(code).toBe(1);
  expect(stdout).toBe('element nostart: the process has no start event\n');
});
