// Every golden history recorded by the workflow specs must replay against today's workflow code:
// a change that alters the commands bpmnProcess issues for an existing history needs patched().
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundleWorkflows, installRuntime } from '../helpers/temporal';
import { GOLDEN_DIR, replayGolden, WORKFLOWS } from './support/harness';

const files = fs.existsSync(GOLDEN_DIR) ? fs.readdirSync(GOLDEN_DIR).filter((f) => f.endsWith('.json')).sort() : [];

test('golden histories exist', () => {
  expect(files.length).toBeGreaterThan(0);
});

describe('golden histories replay', () => {
  beforeAll(() => installRuntime());
  test.each(files)('%s', async (file) => {
    const bundle = await bundleWorkflows(WORKFLOWS);
    await expect(replayGolden(bundle, path.join(GOLDEN_DIR, file))).resolves.toBeUndefined();
  });
});
