// The admin's part of the journeys, shared by the server-backed tests: open process D (joint
// vetting) in the modeler, drop a review step on the "all passed" flow, give it its governance in
// the properties panel, catch a broken deadline with Validate, deploy, start it.
import type { Page } from 'playwright-core';
import { screenshot } from './browser';
import { setLanguage, signIn, signOut, type Gridflow } from './gridflow';

// the added step's name: a task named like markup must stay text everywhere it is shown
export const ADDED_TASK = '街道复核 <script>window.__pwned = 1</script><b>!</b>';

export async function adminAddsStreetReview(page: Page, gf: Gridflow): Promise<string> {
  const modeler = <T>(fn: string, arg?: unknown) =>
    page.evaluate(([src, a]) => new Function('m', 'a', `return (${src})(m, a)`)((window as unknown as { gridflowModeler: unknown }).gridflowModeler, a), [fn, arg] as const) as Promise<T>;

  async function fillEntry(entryId: string, value: string): Promise<void> {
    const input = page.locator(`[data-entry-id="${entryId}"]`).locator('input, textarea').first();
    await input.fill(value);
    await input.blur();
    await page.waitForTimeout(400);
  }

  async function openGroup(groupId: string): Promise<void> {
    const group = page.locator(`[data-group-id="group-${groupId}"]`);
    await group.waitFor();
    const header = group.locator('.bio-properties-panel-group-header').first();
    if (!((await header.getAttribute('class')) ?? '').split(' ').includes('open')) await header.click();
  }


  await signIn(page, gf.url, 'admin');
  await setLanguage(page, 'zh');
  expect(page.url()).toMatch(/#\/modeler$/);
  // nav: what an admin may do, no inbox
  await expect(page.getByTestId('nav').locator('a').allTextContents()).resolves.toEqual(['流程建模', '版本与实例', '实例查询', '年度结对报告']);

  // the versions page lists the shipped processes; open D's latest version in the modeler
  await page.goto(`${gf.url}/#/versions?processKey=vetting`);
  await page.getByTestId('open-in-modeler').first().click();
  await page.waitForFunction(() => {
    const m = (window as unknown as { gridflowModeler?: { get(s: string): { get(id: string): unknown } } }).gridflowModeler;
    return !!m?.get('elementRegistry').get('Gateway_outcome');
  });

  // a user task dropped on the "all passed" flow (what dragging it there from the palette does)
  await modeler<void>(`(m) => {
    const registry = m.get('elementRegistry'), modeling = m.get('modeling'), factory = m.get('elementFactory');
    // make room on the right first, as a modeler user would
    modeling.moveElements([registry.get('End_passed')], { x: 160, y: 0 });
    const flow = registry.get('Flow_passed');
    const wp = flow.waypoints, mid = { x: (wp[0].x + wp[wp.length - 1].x) / 2, y: (wp[0].y + wp[wp.length - 1].y) / 2 };
    const shape = modeling.createShape(factory.createShape({ type: 'bpmn:UserTask' }), mid, flow);
    modeling.updateProperties(shape, { id: 'Task_street_review' });
    m.get('selection').select(shape);
  }`);
  await openGroup('general');
  await page.locator('[data-entry-id="name"]').waitFor();
  await fillEntry('name', ADDED_TASK);
  await openGroup('governance');
  await page.locator('[data-entry-id="gov-assignee-pick"] select option[value="official:street1-secretary"]').waitFor({ state: 'attached' });
  await page.locator('[data-entry-id="gov-assignee-pick"] select').selectOption('official:street1-secretary');
  await fillEntry('gov-dueIn', 'P3D');
  await openGroup('governance-form');
  await page.locator('[data-group-id="group-governance-form"] .bio-properties-panel-add-entry').click();
  await fillEntry('Task_street_review-gov-field-0-id', 'confirm');
  await fillEntry('Task_street_review-gov-field-0-label', '复核意见');
  await page.locator('[data-entry-id="Task_street_review-gov-field-0-type"] select').selectOption('enum');
  await fillEntry('Task_street_review-gov-field-0-options', 'ok:同意, redo:重新审查');
  await page.locator('[data-entry-id="Task_street_review-gov-field-0-required"] input').check();

  // a broken deadline first: Validate (the compiler in the browser) points at the element
  await openGroup('governance');
  await modeler<void>(`(m) => m.get('modeling').updateProperties(m.get('elementRegistry').get('Task_street_review'), { 'gov:remindBefore': 'P9D' })`);
  await page.getByTestId('modeler-validate').click();
  await page.getByTestId('problem-list').waitFor();
  await expect(page.locator('[data-testid="problem-list"] li[data-element-id="Task_street_review"]').count()).resolves.toBeGreaterThan(0);
  await expect(page.locator('.gov-problem-badge[data-element-id="Task_street_review"]').count()).resolves.toBe(1);
  await screenshot(page, 'journey-admin-validation-zh');
  await modeler<void>(`(m) => m.get('modeling').updateProperties(m.get('elementRegistry').get('Task_street_review'), { 'gov:remindBefore': undefined })`);
  await page.getByTestId('modeler-validate').click();
  await page.locator('.toast-ok', { hasText: '校验通过' }).waitFor();
  await expect(page.locator('.gov-problem-badge').count()).resolves.toBe(0);
  await screenshot(page, 'journey-admin-modeler-zh');

  // deploy: version 2 of vetting, listed with its instances
  await page.getByTestId('modeler-deploy').click();
  await page.waitForURL(/#\/versions\?processKey=vetting/);
  await page.locator('[data-testid="version"]').first().waitFor();
  await expect(page.locator('[data-testid="version"] h2').first().textContent()).resolves.toContain('版本 2');

  // start it for one department (the police), in English this time
  await setLanguage(page, 'en');
  await page.getByTestId('start-variables').fill(JSON.stringify({ candidateId: 'cand-1', candidateName: '王五', compoundCode: 'compound-1-1-1', departments: ['dept-public-security'] }));
  await page.getByTestId('start-instance').click();
  await page.waitForURL(/#\/instances\/.+/);
  const instanceId = decodeURIComponent(page.url().split('#/instances/')[1]);
  await page.getByTestId('timeline').waitFor();
  await screenshot(page, 'journey-admin-started-en');
  await signOut(page);
  return instanceId;
}
