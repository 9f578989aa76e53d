// The whole of gridflow for browser journeys: server/runtime.ts on a temp data folder (embedded
// Temporal service, worker, seeded demo district, the shipped diagrams deployed) serving a fresh
// build of the web app, on 127.0.0.1.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { startRuntime, type Runtime } from '../../../server/runtime';
import { buildForTest } from './build';

export const DEMO_PASSWORD = 'gridflow';

export interface Gridflow {
  url: string;
  runtime: Runtime;
  /** holds gridflow.db and temporal.db */
  dataDir: string;
  close(): Promise<void>;
}

/** worker: false runs no workflow code (deploys, logins and pages work; instances do not move). */
export async function startGridflow(opts: { worker?: boolean } = {}): Promise<Gridflow> {
  const build = await buildForTest();
  const dataDir = mkdtempSync(join(tmpdir(), 'gridflow-e2e-'));
  const runtime = await startRuntime({
    dataDir,
    port: 0,
    host: '127.0.0.1',
    temporalPort: 0,
    diagramsDir: resolve(__dirname, '../../../diagrams'),
    webDist: build.dir,
    pollMs: 200,
    worker: opts.worker ?? true,
    log: () => undefined,
  });
  return {
    url: `http://127.0.0.1:${runtime.port}`,
    runtime,
    dataDir,
    close: async () => {
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
      build.cleanup();
    },
  };
}

export async function signIn(page: Page, url: string, username: string): Promise<void> {
  await page.goto(`${url}/#/login`);
  // still signed in from before: #/login sends a user home, so sign out first
  await page.locator('[data-testid="login-username"], [data-testid="logout"]').first().waitFor();
  if (await page.getByTestId('logout').count()) await signOut(page);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('who').waitFor();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByTestId('logout').click();
  await page.getByTestId('login-submit').waitFor();
}

export async function setLanguage(page: Page, lang: 'zh' | 'en'): Promise<void> {
  const current = await page.evaluate(() => document.documentElement.lang);
  if ((lang === 'zh') !== (current === 'zh-CN')) await page.getByTestId('lang-switch').click();
  await page.waitForFunction((want) => document.documentElement.lang === want, lang === 'zh' ? 'zh-CN' : 'en');
}
