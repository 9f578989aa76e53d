// Accounts in the browser: demo data says so in a banner until the passwords change, an admin resets
// an official's password on the account page, and the official must choose their own at sign-in.
import type { Page } from 'playwright-core';
import { openBrowser, screenshot, type Browser } from './support/browser';
import { setLanguage, signIn, signOut, startGridflow, type Gridflow } from './support/gridflow';

let gf: Gridflow;
let browser: Browser;
let page: Page;
let temporary = '';
const OFFICIAL = 'grid2-1-1-officer';

beforeAll(async () => {
  gf = await startGridflow({ worker: false });
  browser = await openBrowser();
  page = browser.page;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await gf?.close();
});

test('on demo data an admin sees a banner, in Chinese and English, naming how many accounts have the demo password', async () => {
  await signIn(page, gf.url, 'admin');
  const banner = page.getByTestId('demo-banner');
  await banner.waitFor();
  const accounts = await gf.runtime.prisma.user.count({ where: { demoPassword: true, active: true } });
  await expect(banner.textContent()).resolves.toContain(`有 ${accounts} 个账户仍在使用公开的演示密码`);
  await setLanguage(page, 'en');
  await expect(banner.textContent()).resolves.toContain(`${accounts} account(s) still have the public demo password "gridflow"`);
  await screenshot(page, 'account-demo-banner-en');
});

test('the admin resets an official\'s password on the account page and is shown the temporary one', async () => {
  await page.getByTestId('who').click();
  await page.getByTestId('reset-username').fill(OFFICIAL);
  await page.getByTestId('reset-submit').click();
  await page.getByTestId('reset-temporary').waitFor();
  temporary = (await page.getByTestId('reset-temporary').textContent())!;
  expect(temporary.length).toBeGreaterThanOrEqual(10);
  await signOut(page);
});

test('the official signs in with it, can open nothing but the account page, and after choosing a password works normally without the banner', async () => {
  await page.getByTestId('login-username').fill(OFFICIAL);
  await page.getByTestId('login-password').fill(temporary);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('must-change').waitFor();
  expect(page.url()).toMatch(/#\/account$/);
  await page.goto(`${gf.url}/#/inbox`);
  await page.getByTestId('must-change').waitFor();
  await page.getByTestId('password-current').fill(temporary);
  await page.getByTestId('password-new').fill('my-own-secret-2026');
  await page.getByTestId('password-repeat').fill('my-own-secret-2026');
  await page.getByTestId('password-submit').click();
  await page.waitForURL(/#\/inbox/);
  await page.locator('[data-testid="inbox-empty"], [data-testid="task-item"]').first().waitFor();
  await expect(page.getByTestId('demo-banner').isHidden()).resolves.toBe(true);
});
