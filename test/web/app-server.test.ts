// The web app against the real gridflow server (runtime.ts, embedded Temporal, seeded SQLite) with
// no workflow worker: sign-in per role and what each role is offered, the admin's modeler journey
// up to deploying and starting process D, opening a file, and markup in names staying text.
import type { Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openBrowser, screenshot, type Browser } from './support/browser';
import { setLanguage, signIn, signOut, startGridflow, type Gridflow } from './support/gridflow';
import { adminAddsStreetReview } from './support/admin-modeler';

let gf: Gridflow;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  gf = await startGridflow({ worker: false });
  browser = await openBrowser();
  page = browser.page;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await gf?.close();
});

test('each role lands on its home and is offered only its pages', async () => {
  await signIn(page, gf.url, 'police-reviewer');
  expect(page.url()).toMatch(/#\/inbox$/);
  await expect(page.getByTestId('nav').locator('a').allTextContents()).resolves.toEqual(['我的待办', '年度结对报告']);
  await page.getByTestId('inbox-empty').waitFor();
  // a page the role may not open is refused, not half-shown
  await page.goto(`${gf.url}/#/modeler`);
  await page.getByTestId('forbidden').waitFor();
  await expect(page.locator('.modeler').count()).resolves.toBe(0);
  await setLanguage(page, 'en');
  await expect(page.getByTestId('forbidden').textContent()).resolves.toBe('Your role may not open this page');
  await expect(page.getByTestId('nav').locator('a').allTextContents()).resolves.toEqual(['My tasks', 'Pairing report']);
  await setLanguage(page, 'zh');
  await signOut(page);

  await signIn(page, gf.url, 'auditor');
  expect(page.url()).toMatch(/#\/instances$/);
  await expect(page.getByTestId('nav').locator('a').allTextContents()).resolves.toEqual(['实例查询', '年度结对报告']);
  await signOut(page);
});

test('admin: process D gets a review step in the modeler, is validated, deployed as version 2 and started', async () => {
  const instanceId = await adminAddsStreetReview(page, gf);
  expect(instanceId).toBeTruthy();
  const versions = await gf.runtime.prisma.deployment.findMany({ where: { processKey: 'vetting' }, orderBy: { version: 'asc' } });
  expect(versions.map((v) => v.version)).toEqual([1, 2]);
  // the deployed XML carries what was typed into the Governance group
  expect(versions[1].xml).toContain('gov:assignee="official:street1-secretary"');
  expect(versions[1].xml).toContain('gov:dueIn="P3D"');
  expect(versions[1].xml).toMatch(/<gov:field id="confirm" label="复核意见" type="enum" required="true">/);
});

test('admin: a file opened from disk with markup in its names is shown as text after deploying', async () => {
  await signIn(page, gf.url, 'admin');
  const xml = readFileSync(join(__dirname, 'fixtures/review.bpmn'), 'utf8')
    .replace('name="部门审查演示"', 'name="&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;演示"')
    .replace('gov:activity="fileRecord"', 'gov:activity="recordVettingResult"');
  await page.getByTestId('open-file').setInputFiles({ name: 'review.bpmn', mimeType: 'application/xml', buffer: Buffer.from(xml) });
  await page.waitForFunction(() => {
    const m = (window as unknown as { gridflowModeler?: { get(s: string): { get(id: string): unknown } } }).gridflowModeler;
    return !!m?.get('elementRegistry').get('review');
  });
  // what was opened downloads again as XML, names intact
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('modeler-download').click()]);
  expect(download.suggestedFilename()).toBe('review_demo.bpmn');
  const saved = readFileSync(await download.path(), 'utf8');
  expect(saved).toMatch(/name="&(lt|#60);img src=x onerror=&#34;window\.__pwned=1&#34;&(gt|#62);演示"/);
  expect(saved).toContain('gov:assignee="official:zhang-wei"');
  await page.getByTestId('modeler-deploy').click();
  await page.waitForURL(/#\/versions\?processKey=review_demo/);
  const item = page.locator('[data-process-key="review_demo"] .title');
  await expect(item.textContent()).resolves.toBe('<img src=x onerror="window.__pwned=1">演示');
  await expect(page.locator('[data-process-key="review_demo"] img').count()).resolves.toBe(0);
  await expect(page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).resolves.toBeUndefined();
  await screenshot(page, 'app-versions-escaped-zh');
});

test('the bell counts a new notification the moment it is written, and marks it read', async () => {
  await signIn(page, gf.url, 'police-reviewer');
  await page.waitForFunction(() => document.querySelector('[data-testid="bell-count"]')?.hasAttribute('hidden'));
  // a notification row as the notify activity (perhaps in a worker process) writes it
  const user = await gf.runtime.prisma.user.findUniqueOrThrow({ where: { username: 'police-reviewer' } });
  await gf.runtime.prisma.notification.create({
    data: { key: 'web-test-reminder', kind: 'reminder', recipientId: user.id, title: '<i>部门资格审查</i> 明天到期', body: '请尽快办理' },
  });
  gf.runtime.feed.announce();
  await page.waitForFunction(() => document.querySelector('[data-testid="bell-count"]')?.textContent === '1', null, { timeout: 15_000 });
  await page.locator('.bell').click();
  const item = page.locator('[data-testid="bell-item"]').first();
  await expect(item.locator('.title').textContent()).resolves.toBe('<i>部门资格审查</i> 明天到期');
  await expect(item.locator('i').count()).resolves.toBe(0);
  await screenshot(page, 'app-bell-zh');
  await item.locator('button.link').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="bell-count"]')?.hasAttribute('hidden'));
  const row = await gf.runtime.prisma.notification.findFirstOrThrow({ where: { key: 'web-test-reminder' } });
  expect(row.readAt).not.toBeNull();
  await signOut(page);
});

test('a session ended on the server sends the user back to sign in (no redirect loop)', async () => {
  await signIn(page, gf.url, 'auditor');
  await page.locator('[data-testid="instance-results"] > *').first().waitFor();
  await gf.runtime.prisma.session.deleteMany({});
  await page.getByTestId('instance-search').click();
  await page.getByTestId('login-submit').waitFor();
  await expect(page.getByTestId('logout').count()).resolves.toBe(0);
  await signIn(page, gf.url, 'auditor');
  expect(page.url()).toMatch(/#\/instances/);
});

test('no page errors along the way', () => {
  expect(browser.errors.filter((e) => !/status of (401|403|404|422)/.test(e))).toEqual([]);
});
