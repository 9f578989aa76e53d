// The instance page tells when the next step comes: once the street office has formed the
// preparatory group (C), the 7-day group publicity is listed as a pending statutory wait with its
// due date and what follows it, in Chinese and in English.
import type { Page } from 'playwright-core';
import { openBrowser, screenshot, type Browser } from './support/browser';
import { DEMO_PASSWORD, setLanguage, signIn, startGridflow, type Gridflow } from './support/gridflow';

let gf: Gridflow;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  gf = await startGridflow();
  browser = await openBrowser();
  page = browser.page;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await gf?.close();
});

async function api(method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${gf.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}
const login = async (username: string) => (await api('POST', '/api/auth/login', undefined, { username, password: DEMO_PASSWORD })).body.token as string;

async function until<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const v = await check();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('the group publicity of C is shown as a pending statutory wait with its due date', async () => {
  const admin = await login('admin');
  const started = await api('POST', '/api/instances', admin, { processKey: 'committee-formation', variables: { compoundCode: 'compound-1-1-1' } });
  expect(started.status).toBe(201);
  const id: string = started.body.instance.id;
  const officer = await login('street1-officer');
  const task = await until(async () => (await api('GET', '/api/tasks', officer)).body.tasks.find((t: { instanceId: string; elementId: string }) => t.instanceId === id && t.elementId === 'Task_form_group'), 'the preparatory group task');
  const done = await api('POST', `/api/tasks/${task.id}/complete`, officer, { variables: { groupMembers: '甲|是\n乙|是\n丙|是\n丁|否\n戊|否', committeeSeats: 5 } });
  expect(done.status).toBe(200);
  const dueAt = await until(async () => {
    const r = await api('GET', `/api/instances/${encodeURIComponent(id)}`, admin);
    return (r.body.state?.pendingTimers ?? []).find((p: { elementId: string }) => p.elementId === 'Timer_group_publicity')?.dueAt as string | undefined;
  }, 'the publicity timer');

  await signIn(page, gf.url, 'auditor');
  await setLanguage(page, 'zh');
  await page.goto(`${gf.url}/#/instances/${encodeURIComponent(id)}`);
  const row = page.locator('[data-testid="pending-timer"][data-element-id="Timer_group_publicity"]');
  await row.waitFor();
  expect(await row.getAttribute('data-due-at')).toBe(dueAt);
  const cells = await row.locator('td').allInnerTexts();
  const shown = await page.evaluate((iso) => new Date(iso).toLocaleString('zh-CN', { dateStyle: 'medium', timeStyle: 'short' }), dueAt);
  expect(cells[0]).toBe('筹备组公示7日');
  expect(cells[1]).toBe('法定期限');
  expect(cells[2]).toBe(shown);
  expect(cells[3]).toMatch(/^进入:/);
  await screenshot(page, 'instance-pending-deadlines-zh');

  await setLanguage(page, 'en');
  await page.reload();
  await row.waitFor();
  expect((await row.locator('td').allInnerTexts())[1]).toBe('Statutory wait');
  expect((await row.locator('td').allInnerTexts())[3]).toMatch(/^continues with /);
  await screenshot(page, 'instance-pending-deadlines-en');
});
