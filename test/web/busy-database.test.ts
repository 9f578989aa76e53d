// When gridflow.db stays locked by another process (a separate worker under load) past the
// server's retry budget, the server answers 503 with Retry-After and changes nothing. The web app
// repeats the request after that pause instead of showing the official an error.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { openBrowser, type Browser } from './support/browser';
import { signIn, startGridflow, type Gridflow } from './support/gridflow';
import { WRITE_RETRY_BUDGET_MS } from '../../prisma/client';

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

async function api(path: string, token: string | undefined, body?: unknown) {
  const res = await fetch(gf.url + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

test('claiming a task while the database is locked past the retry budget succeeds once the lock is gone', async () => {
  const admin = (await api('/api/auth/login', undefined, { username: 'admin', password: 'gridflow' })).body.token as string;
  const started = await api('/api/instances', admin, { processKey: 'vetting', variables: { candidateId: 'busy-1', candidateName: '孙丽', compoundCode: 'compound-1-1-1', departments: ['dept-public-security'] } });
  expect(started.status).toBe(201);

  await signIn(page, gf.url, 'police-reviewer');
  const item = page.locator('[data-testid="task-item"]', { hasText: '部门资格审查' });
  for (let i = 0; i < 40 && !(await item.count()); i++) {
    await page.waitForTimeout(500);
    await page.reload();
    await page.locator('[data-testid="inbox-empty"], [data-testid="task-item"]').first().waitFor();
  }
  await item.first().click();
  await page.getByTestId('task-claim').waitFor();

  const claimAnswers: number[] = [];
  page.on('response', (r) => { if (r.url().endsWith('/claim')) claimAnswers.push(r.status()); });

  // another process takes the write lock and keeps it longer than the server waits: a request may
  // write more than once (each write waits up to the budget), so twice the budget and a bit
  const other = new Database(join(gf.dataDir, 'gridflow.db'));
  other.exec('BEGIN IMMEDIATE');
  const released = new Promise<void>((resolve) => setTimeout(() => {
    other.exec('COMMIT');
    other.close();
    resolve();
  }, 2 * WRITE_RETRY_BUDGET_MS + 3_000));
  try {
    await page.getByTestId('task-claim').click();
    await released;
    // claimed: the page offers to give the task back, and no error was shown
    await page.getByTestId('task-unclaim').waitFor({ timeout: 15_000 });
  } finally {
    await released;
  }
  expect(claimAnswers[0]).toBe(503);
  expect(claimAnswers.at(-1)).toBe(200);
  expect(await page.locator('.toast-error').count()).toBe(0);
  // the browser logs each 503 it got (and the 401 of the sign-in page's session probe); nothing else
  expect(browser.errors.filter((e) => !/status of (401|503)/.test(e))).toEqual([]);
}, 120_000);
