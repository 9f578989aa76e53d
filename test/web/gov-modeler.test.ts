// The gov-modeler bpmn-js module in a stock Modeler (harness page with nothing of the app): the
// Governance groups show and edit the gov: attributes of a diagram, the XML exported carries the
// edits, and the validation overlay marks the offending elements.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openBrowser, screenshot, type Browser } from './support/browser';
import { buildForTest } from './support/build';
import { serveStatic, type StaticServer } from './support/static-server';

const fixture = readFileSync(join(__dirname, 'fixtures/review.bpmn'), 'utf8');

let build: { dir: string; cleanup(): void };
let server: StaticServer;
let browser: Browser;
let page: Page;

interface Harness {
  importXML(xml: string): Promise<unknown>;
  exportXML(): Promise<string>;
  select(id: string): void;
  roundTripWithHostExtension(xml: string): Promise<string>;
  showProblems(p: { elementId: string | null; message: string }[]): { elementId: string | null; message: string }[];
}
const harness = <T>(fn: (h: Harness, arg: unknown) => T | Promise<T>, arg?: unknown) =>
  page.evaluate(([src, a]) => new Function('h', 'a', `return (${src})(h, a)`)((window as unknown as { harness: Harness }).harness, a), [fn.toString(), arg] as const) as Promise<T>;

const exportXml = () => harness((h) => h.exportXML());
const entry = (id: string) => page.locator(`[data-entry-id="${id}"]`);

async function openGroup(groupId: string): Promise<void> {
  const group = page.locator(`[data-group-id="group-${groupId}"]`);
  await group.waitFor();
  const header = group.locator('.bio-properties-panel-group-header').first();
  if (!((await header.getAttribute('class')) ?? '').split(' ').includes('open')) await header.click();
  await group.locator('.bio-properties-panel-group-entries.open, .bio-properties-panel-list.open, .bio-properties-panel-list').first().waitFor();
}

async function typeInto(entryId: string, value: string): Promise<void> {
  const input = entry(entryId).locator('input, textarea').first();
  await input.fill(value);
  await input.blur();
  // the panel debounces input (300 ms) before it becomes a command
  await page.waitForTimeout(500);
}

beforeAll(async () => {
  build = await buildForTest();
  server = await serveStatic(build.dir);
  browser = await openBrowser();
  page = browser.page;
  await page.goto(`${server.url}/gov-modeler.html`);
  await page.waitForFunction(() => 'harness' in window);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  build?.cleanup();
});

beforeEach(async () => {
  await harness((h, xml) => h.importXML(xml as string), fixture);
});

test('a user task shows its gov: attributes in the Governance group', async () => {
  await harness((h) => h.select('review'));
  await openGroup('governance');
  await expect(entry('gov-dueIn').locator('input').inputValue()).resolves.toBe('P5D');
  await expect(entry('gov-remindBefore').locator('input').inputValue()).resolves.toBe('P1D');
  await expect(entry('gov-assignee').locator('input').inputValue()).resolves.toBe('official:zhang-wei');
  // the picker knows the official from the org source
  await expect(entry('gov-assignee-pick').locator('select').inputValue()).resolves.toBe('official:zhang-wei');
  await expect(entry('gov-assignee-pick').locator('option', { hasText: '李娜 (li-na)' }).count()).resolves.toBe(1);
  await screenshot(page, 'gov-modeler-governance-group');
});

test('editing the deadline and picking people changes the exported XML', async () => {
  await harness((h) => h.select('review'));
  await openGroup('governance');
  await typeInto('gov-dueIn', 'P3D');
  await entry('gov-assignee-pick').locator('select').selectOption('official:li-na');
  await entry('gov-candidate-unit').locator('select').selectOption('dept-police');
  await entry('gov-candidate-role').locator('select').selectOption('reviewer');
  const xml = await exportXml();
  expect(xml).toContain('gov:dueIn="P3D"');
  expect(xml).not.toContain('gov:dueIn="P5D"');
  expect(xml).toContain('gov:assignee="official:li-na"');
  expect(xml).toContain('gov:candidateGroups="=[&#34;unit:dept-police:reviewer&#34;]"');
});

test('separation of duties is one field of the Governance group: the user tasks whose completers may not do this one', async () => {
  await harness((h) => h.select('review'));
  await openGroup('governance');
  await typeInto('gov-notDoneBy', 'Task_prepare, Task_sign');
  expect(await exportXml()).toContain('gov:notDoneBy="Task_prepare, Task_sign"');
  await typeInto('gov-notDoneBy', '');
  expect(await exportXml()).not.toContain('gov:notDoneBy');
});

test('a malformed duration is refused with a message and leaves the XML alone', async () => {
  await harness((h) => h.select('review'));
  await openGroup('governance');
  await typeInto('gov-remindBefore', 'five days');
  await expect(entry('gov-remindBefore').locator('.bio-properties-panel-error').textContent()).resolves.toMatch(/Not a duration/);
  expect(await exportXml()).toContain('gov:remindBefore="P1D"');
});

test('form fields, escalation levels and start variables are lists that add and edit gov: children', async () => {
  await harness((h) => h.select('review'));
  // a second form field, typed number with bounds
  await openGroup('governance-form');
  await page.locator('[data-group-id="group-governance-form"] .bio-properties-panel-add-entry').click();
  await typeInto('review-gov-field-1-id', 'score');
  await typeInto('review-gov-field-1-label', '评分');
  await entry('review-gov-field-1-type').locator('select').selectOption('number');
  await typeInto('review-gov-field-1-max', '100');
  // change the enum options of the first field
  await page.locator('[data-group-id="group-governance-form"] .bio-properties-panel-collapsible-entry-header', { hasText: '审查结论' }).click();
  await typeInto('review-gov-field-0-options', 'pass:通过, veto:否决, defer:暂缓');
  // a second escalation level
  await openGroup('governance-escalation');
  await page.locator('[data-group-id="group-governance-escalation"] .bio-properties-panel-add-entry').click();
  await typeInto('review-gov-level-1-after', 'P2D');

  let xml = await exportXml();
  expect(xml).toMatch(/<gov:field id="score" label="评分" type="number" required="false" max="100"\s*\/>/);
  expect(xml).toContain('<gov:option value="defer" label="暂缓" />');
  expect(xml).toMatch(/<gov:level name="district" after="P2D"\s*\/>/);

  // start variables live on the process
  await harness((h) => h.select('review_demo'));
  await page.locator('[data-group-id="group-governance-start-variables"]').waitFor();
  await openGroup('governance-start-variables');
  await page.locator('[data-group-id="group-governance-start-variables"] .bio-properties-panel-add-entry').click();
  await typeInto('review_demo-gov-startvar-1-name', 'departments');
  await entry('review_demo-gov-startvar-1-type').locator('select').selectOption('list');
  xml = await exportXml();
  expect(xml).toMatch(/<gov:startVariable name="departments" type="list" required="false"\s*\/>/);
  await screenshot(page, 'gov-modeler-lists');
});

test('the validation overlay marks offending elements and returns problems it cannot place', async () => {
  const unplaced = await harness((h) => h.showProblems([
    { elementId: 'review', message: 'gov:dueIn "P5X" is not an ISO duration' },
    { elementId: 'review__reminder', message: 'generated reminder has no recipients' },
    { elementId: null, message: 'document: process has no end event' },
    { elementId: 'ghost', message: 'unknown element' },
  ]));
  expect(unplaced.map((p) => p.elementId)).toEqual([null, 'ghost']);
  const badge = page.locator('.gov-problem-badge[data-element-id="review"]');
  await expect(badge.textContent()).resolves.toBe('2');
  await expect(badge.getAttribute('title')).resolves.toContain('not an ISO duration');
  await expect(page.locator('[data-element-id="review"].djs-element.gov-problem').count()).resolves.toBe(1);
  await expect(page.locator('[data-element-id="file"].djs-element.gov-problem').count()).resolves.toBe(0);
  await screenshot(page, 'gov-modeler-validation');
  // a fresh import clears them
  await harness((h, xml) => h.importXML(xml as string), fixture);
  await expect(page.locator('.gov-problem-badge').count()).resolves.toBe(0);
});

test('a host that passes the gov: package itself (and no properties panel) keeps every gov: attribute', async () => {
  const xml = await harness((h, x) => h.roundTripWithHostExtension(x as string), fixture);
  for (const part of ['gov:assignee="official:zhang-wei"', 'gov:dueIn="P5D"', '<gov:level name="street" after="PT0S"', '<gov:option value="veto" label="否决"', 'gov:activity="fileRecord"', '<gov:startVariable name="candidateId"']) {
    expect(xml).toContain(part);
  }
});

test('no console errors and no missing assets', () => {
  expect(browser.errors).toEqual([]);
  expect(server.missing.filter((p) => !p.endsWith('favicon.ico'))).toEqual([]);
});
