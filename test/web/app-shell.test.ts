// The built bundle as a visitor without a session sees it: it loads offline from one origin, asks
// to sign in, in Chinese by default, and the language switch holds across reloads.
import type { Page } from 'playwright-core';
import { openBrowser, screenshot, type Browser } from './support/browser';
import { buildForTest } from './support/build';
import { serveStatic, type StaticServer } from './support/static-server';

let build: { dir: string; cleanup(): void };
let server: StaticServer;
let browser: Browser;
let page: Page;
const requests: string[] = [];

beforeAll(async () => {
  build = await buildForTest();
  server = await serveStatic(build.dir);
  browser = await openBrowser();
  page = browser.page;
  page.on('request', (r) => requests.push(r.url()));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  build?.cleanup();
});

test('an unknown visitor lands on the sign-in page, in Chinese', async () => {
  await page.goto(`${server.url}/#/inbox`);
  await page.getByTestId('login-submit').waitFor();
  expect(page.url()).toMatch(/#\/login$/);
  await expect(page.locator('h1').textContent()).resolves.toBe('登录');
  await expect(page.getByTestId('login-submit').textContent()).resolves.toBe('登录');
  await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('zh-CN');
  // no nav for someone not signed in
  await expect(page.getByTestId('nav').locator('a').count()).resolves.toBe(0);
  await screenshot(page, 'app-login-zh');
});

test('the language switch turns the page English and stays English after a reload', async () => {
  await page.getByTestId('lang-switch').click();
  await expect(page.locator('h1').textContent()).resolves.toBe('Sign in');
  await expect(page.getByTestId('lang-switch').textContent()).resolves.toBe('中文');
  await page.reload();
  await page.getByTestId('login-submit').waitFor();
  await expect(page.locator('h1').textContent()).resolves.toBe('Sign in');
  await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('en');
  await screenshot(page, 'app-login-en');
  await page.getByTestId('lang-switch').click();
  await expect(page.locator('h1').textContent()).resolves.toBe('登录');
});

test('a failed sign-in says so, with the form still usable', async () => {
  await page.getByTestId('login-username').fill('nobody');
  await page.getByTestId('login-password').fill('wrong');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-error').textContent()).resolves.toBe('用户名或密码错误');
  await expect(page.getByTestId('login-submit').isEnabled()).resolves.toBe(true);
});

test('everything comes from the page origin: no CDN, nothing missing, no errors', () => {
  const origins = new Set(requests.filter((u) => !u.startsWith('data:')).map((u) => new URL(u).origin));
  expect([...origins]).toEqual([server.url]);
  expect(server.missing).toEqual([]);
  // the 401s of /api/auth/me and the failed login are the only console complaints
  expect(browser.errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
});
