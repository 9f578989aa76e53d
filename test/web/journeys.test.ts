// The three journeys through the real gridflow (runtime.ts: embedded Temporal, worker, SQLite):
// an admin adds a review step to process D (joint vetting) in the modeler, validates, deploys and
// starts it; an official completes their review through the task form; the street secretary
// completes the added step; an auditor finds the instance, sees its path, steps through it and
// runs the replay check. In Chinese and English, with a screenshot of each under test-results/.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { openBrowser, screenshot, type Browser } from './support/browser';
import { setLanguage, signIn, signOut, startGridflow, type Gridflow } from './support/gridflow';
import { ADDED_TASK, adminAddsStreetReview } from './support/admin-modeler';

let gf: Gridflow;
let browser: Browser;
let page: Page;
let instanceId = '';

beforeAll(async () => {
  gf = await startGridflow();
  browser = await openBrowser();
  page = browser.page;
  page.on('dialog', (d) => void d.accept());
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await gf?.close();
});

/** The inbox refreshes itself when a notification arrives; the task may also open just before the page loads. */
async function waitForTask(p: Page, name: string) {
  const item = p.locator('[data-testid="task-item"]', { hasText: name });
  for (let i = 0; i < 40 && !(await item.count()); i++) {
    await p.waitForTimeout(500);
    if (!(await item.count())) {
      await p.reload();
      await p.locator('[data-testid="inbox-empty"], [data-testid="task-item"]').first().waitFor();
    }
  }
  await item.first().waitFor();
  return item;
}

test('admin: open process D, add a review step with its governance, validate, deploy, start', async () => {
  instanceId = await adminAddsStreetReview(page, gf);
});

test('official: the review arrives in the inbox, the form checks input, completing it moves the process on', async () => {
  await signIn(page, gf.url, 'police-reviewer');
  await setLanguage(page, 'en');
  expect(page.url()).toMatch(/#\/inbox/);
  await expect(page.getByTestId('nav').locator('a').allTextContents()).resolves.toEqual(['My tasks', 'Pairing report']);
  const item = await waitForTask(page, '部门资格审查');
  await item.first().click();
  await page.getByTestId('task-form').waitFor();
  // the instance's diagram, current step highlighted
  // (the review sits in a collapsed sub-process: the sub-process shows it)
  await page.locator('[data-testid="task-diagram"] .djs-element.gf-active[data-element-id="SubProcess_review"]').waitFor();

  // claim it so colleagues see who is on it, give it back, claim again
  await page.getByTestId('task-claim').click();
  await page.getByTestId('task-unclaim').click();
  await page.getByTestId('task-claim').click();
  await page.getByTestId('task-unclaim').waitFor();

  // nothing filled in: the form says which fields are missing, nothing is sent
  await page.getByTestId('task-complete').click();
  await expect(page.locator('[data-error-for="decision"]').textContent()).resolves.toBe('Required');
  await expect(page.locator('[data-error-for="reason"]').textContent()).resolves.toBe('Required');
  await screenshot(page, 'journey-official-form-en');

  await page.locator('select[data-field="decision"]').selectOption('pass');
  await page.locator('textarea[data-field="reason"]').fill('无违法犯罪记录');
  await setLanguage(page, 'zh');
  await page.locator('select[data-field="decision"]').selectOption('pass');
  await page.locator('textarea[data-field="reason"]').fill('无违法犯罪记录');
  await screenshot(page, 'journey-official-form-zh');
  await page.getByTestId('task-complete').click();
  await page.locator('.toast-ok', { hasText: '任务已完成' }).waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid="task-item"]') || ![...document.querySelectorAll('[data-testid="task-item"]')].some((e) => e.textContent?.includes('部门资格审查')));
  await signOut(page);

  // the street secretary gets the added step; its markup-like name is shown as text
  await signIn(page, gf.url, 'street1-secretary');
  const added = await waitForTask(page, '街道复核');
  await expect(added.first().locator('.title').textContent()).resolves.toContain(ADDED_TASK);
  await expect(added.first().locator('b, script').count()).resolves.toBe(0);
  await added.first().click();
  await page.getByTestId('task-form').waitFor();
  await expect(page.getByTestId('task-title').textContent()).resolves.toBe(ADDED_TASK);
  await expect(page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).resolves.toBeUndefined();
  await page.locator('select[data-field="confirm"]').selectOption('ok');
  await page.getByTestId('task-complete').click();
  await page.locator('.toast-ok').first().waitFor();
  await signOut(page);
});

test('auditor: find the instance, see its path, step through it, download the history, replay check', async () => {
  await signIn(page, gf.url, 'auditor');
  await setLanguage(page, 'zh');
  expect(page.url()).toMatch(/#\/instances/);
  await expect(page.getByTestId('nav').locator('a').allTextContents()).resolves.toEqual(['实例查询', '年度结对报告']);
  await page.getByTestId('filter-processKey').fill('vetting');
  await page.getByTestId('instance-search').click();
  await page.locator(`[data-testid="instance-row"][data-instance-id="${instanceId}"]`).waitFor();
  await page.locator(`[data-testid="instance-row"][data-instance-id="${instanceId}"] [data-testid="instance-open"]`).click();
  await page.getByTestId('timeline').waitFor();

  // the path: both reviews done, the process through the added step to the end
  const done = (id: string) => page.locator(`[data-testid="audit-diagram"] .djs-element.gf-completed[data-element-id="${id}"]`);
  await done('SubProcess_review').waitFor();
  await done('Task_street_review').waitFor();
  await done('End_passed').waitFor();
  await expect(page.locator('[data-testid="audit-diagram"] .djs-element.gf-completed[data-element-id="Task_notify_veto"]').count()).resolves.toBe(0);
  const rows = page.locator('[data-testid="timeline"] tr[data-step]');
  await expect(rows.count()).resolves.toBeGreaterThan(3);
  await expect(page.locator('[data-testid="timeline"]').textContent()).resolves.toContain('police-reviewer');
  await screenshot(page, 'journey-auditor-path-zh');

  // step 2 of the replay: the start only, the reviews not reached yet
  await page.getByTestId('replay-slider').fill('1');
  await expect(page.getByTestId('replay-step').textContent()).resolves.toMatch(/^回放步骤 1 \//);
  await expect(done('Task_street_review').count()).resolves.toBe(0);
  await expect(page.locator('tr.current-step').count()).resolves.toBe(1);

  // the history download is the Temporal JSON
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-history').click()]);
  const path = await download.path();
  const history = JSON.parse(readFileSync(path, 'utf8')) as { events: unknown[] };
  expect(history.events.length).toBeGreaterThan(5);

  await setLanguage(page, 'en');
  await page.getByTestId('replay-check').click();
  await page.locator('[data-testid="replay-result"].ok').waitFor({ timeout: 60_000 });
  await expect(page.getByTestId('replay-result').textContent()).resolves.toMatch(/Replay matches/);
  await screenshot(page, 'journey-auditor-replay-en');
});

test('one veto: two departments review at once (×2 on the diagram), the police veto cancels the tax review', async () => {
  // started through the API as an admin's script would
  const login = await fetch(`${gf.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'gridflow' }) });
  const { token } = (await login.json()) as { token: string };
  const started = await fetch(`${gf.url}/api/instances`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ processKey: 'vetting', variables: { candidateId: 'cand-2', candidateName: '赵六', compoundCode: 'compound-1-1-2', departments: ['dept-public-security', 'dept-tax'] } }),
  });
  expect(started.status).toBe(201);
  const vetoId = ((await started.json()) as { instance: { id: string } }).instance.id;

  // the auditor sees both reviews open on the multi-instance sub-process
  await signIn(page, gf.url, 'auditor');
  await setLanguage(page, 'zh');
  const count = page.locator('[data-testid="audit-diagram"] .gf-count[data-element-id="SubProcess_review"]');
  for (let i = 0; i < 20 && !(await count.count()); i++) {
    await page.goto(`${gf.url}/#/instances/${encodeURIComponent(vetoId)}`);
    await page.getByTestId('timeline').waitFor();
    await page.waitForTimeout(300);
  }
  await expect(count.textContent()).resolves.toBe('×2');
  await screenshot(page, 'journey-auditor-two-reviews-zh');

  await signIn(page, gf.url, 'police-reviewer');
  await page.locator('[data-testid="task-item"]').first().click();
  await page.getByTestId('task-form').waitFor();
  await page.locator('select[data-field="decision"]').selectOption('veto');
  await page.locator('textarea[data-field="reason"]').fill('有未结案件');
  await page.getByTestId('task-complete').click();
  await page.locator('.toast-ok').first().waitFor();

  // the tax review was cancelled by the completion condition: gone from the tax reviewer's inbox
  await signIn(page, gf.url, 'tax-reviewer');
  for (let i = 0; i < 20 && !(await page.getByTestId('inbox-empty').count()); i++) {
    await page.waitForTimeout(300);
    await page.reload();
    await page.locator('[data-testid="inbox-empty"], [data-testid="task-item"]').first().waitFor();
  }
  await page.getByTestId('inbox-empty').waitFor();

  await signIn(page, gf.url, 'auditor');
  await page.goto(`${gf.url}/#/instances/${encodeURIComponent(vetoId)}`);
  const done = (id: string) => page.locator(`[data-testid="audit-diagram"] .djs-element.gf-completed[data-element-id="${id}"]`);
  for (let i = 0; i < 20 && !(await done('End_vetoed').count()); i++) {
    await page.waitForTimeout(300);
    await page.reload();
    await page.getByTestId('timeline').waitFor();
  }
  await done('Task_notify_veto').waitFor();
  await done('End_vetoed').waitFor();
  // the reviews completed (the veto ended them), though one of them was cancelled
  await done('SubProcess_review').waitFor();
  await expect(page.locator('[data-testid="audit-diagram"] .gf-cancelled[data-element-id="SubProcess_review"]').count()).resolves.toBe(0);
  await expect(done('End_passed').count()).resolves.toBe(0);
  await expect(page.locator('[data-testid="timeline"]').textContent()).resolves.toContain('任务取消');
  await screenshot(page, 'journey-auditor-veto-zh');
});

test('no page errors along the way', () => {
  expect(browser.errors.filter((e) => !/status of (401|404|422)/.test(e))).toEqual([]);
});
