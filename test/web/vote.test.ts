// An owner votes on a phone (390×844, Chinese by default) with the one-time code printed on their
// meeting notice: the real gridflow (runtime.ts on a time-skipping embedded Temporal service) walks
// process C through the API to the first general meeting, the preparatory group issues the codes,
// and the owner opens /vote, marks each candidate with the large buttons, and casts the ballot once.
// The meeting's live participation counts it as an online ballot; the code cannot vote again.
import type { Page } from 'playwright-core';
import { publishMeeting, sleepUntilTask, startCommitteeRig, walkToFirstMeeting, type CommitteeRig } from '../diagrams/committee-api';
import { signIn } from './support/gridflow';
import { openBrowser, screenshot, type Browser } from './support/browser';
import { buildForTest } from './support/build';

let rig: CommitteeRig;
let build: Awaited<ReturnType<typeof buildForTest>>;
let browser: Browser;
let phone: Page;
let meetingId = 0;
let instanceId = '';
let codes: { flat: string; code: string }[] = [];

beforeAll(async () => {
  build = await buildForTest();
  rig = await startCommitteeRig({ webDist: build.dir });
  browser = await openBrowser();
  phone = await browser.context.newPage();
  await phone.setViewportSize({ width: 390, height: 844 });
  phone.on('dialog', (d) => void d.accept());
  // the seeded roster is the register here: nothing to import
  instanceId = await walkToFirstMeeting(rig, async () => undefined);
  meetingId = await publishMeeting(rig, instanceId, 'online');
  codes = (await rig.api.post(`/api/meetings/${meetingId}/owner-codes`, await rig.as('community1-1-secretary'), {})).body.codes;
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await rig?.close();
  build?.cleanup();
});

test('an owner votes from a phone with the code on their notice, once', async () => {
  await phone.goto(`${rig.runtime.url.replace('localhost', '127.0.0.1')}/vote`);
  await phone.getByText('请输入业主大会通知上印制的投票码').waitFor();
  expect(await phone.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  // a mistyped code is refused, saying so
  await phone.getByTestId('vote-code').fill('AAAAA-AAAAA');
  await phone.getByTestId('vote-open').click();
  await phone.getByTestId('vote-error').waitFor();

  await phone.getByTestId('vote-code').fill(codes[0].code.toLowerCase());
  await phone.getByTestId('vote-open').click();
  const cards = phone.getByTestId('vote-candidate');
  await cards.first().waitFor();
  expect(await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-candidate')))).toEqual(['赵一', '赵六', '赵二', '赵四', '赵五']);
  // touch targets a thumb can hit, and nothing wider than the phone
  const box = await cards.first().getByTestId('vote-for').boundingBox();
  expect(box!.height).toBeGreaterThanOrEqual(44);
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  // cast only once every candidate is marked
  for (let i = 0; i < 4; i++) await cards.nth(i).getByTestId('vote-for').click();
  expect(await phone.getByTestId('vote-cast').isDisabled()).toBe(true);
  await cards.nth(4).getByTestId('vote-against').click();
  await phone.getByTestId('vote-count').getByText('已同意 4 / 5 名').waitFor();
  await screenshot(phone, 'vote-phone-ballot');
  await phone.getByTestId('vote-cast').click();
  await phone.getByTestId('vote-done').getByText('投票成功').waitFor();
  await screenshot(phone, 'vote-phone-done');

  // the group's live view counts one online ballot; nothing says how that owner voted
  const state = (await rig.api.get(`/api/meetings/${meetingId}`, await rig.as('community1-1-secretary'))).body;
  expect(state.ballots).toEqual({ paper: 0, online: 1 });
  expect(state.participation).toMatchObject({ participatingHeads: 1, totalHeads: 40, quorumMet: false });
  expect(JSON.stringify(state)).not.toMatch(/"(for|against)"/);

  // the same code again: already voted
  await phone.goto(`${rig.runtime.url.replace('localhost', '127.0.0.1')}/vote#code=${codes[0].code}`);
  await phone.getByTestId('vote-error').getByText('这个投票码已经投过票').waitFor();
  expect(await phone.getByTestId('vote-candidate').count()).toBe(0);
  expect(browser.errors.filter((e) => !e.includes('422'))).toEqual([]);
}, 120_000);

test('the secretary sees the live participation beside the ballot-box task and records a paper ballot', async () => {
  await sleepUntilTask(rig, 'community1-1-secretary', 'Task_ballot_box', instanceId);
  const desk = browser.page;
  await signIn(desk, rig.runtime.url.replace('localhost', '127.0.0.1'), 'community1-1-secretary');
  await desk.locator('[data-testid="task-item"]', { hasText: '召开业主大会' }).first().click();
  const panel = desk.getByTestId('meeting-panel');
  await panel.getByTestId('meeting-participation').getByText('人数 1 / 40').waitFor();
  await panel.getByTestId('meeting-flat').fill(codes[1].flat);
  await panel.locator('select').first().selectOption('for');
  await panel.getByTestId('meeting-record').click();
  await panel.getByTestId('meeting-participation').getByText('人数 2 / 40').waitFor();
  await panel.getByTestId('meeting-participation').getByText('书面 1 张,网上 1 张').waitFor();
  await screenshot(desk, 'meeting-secretary-panel');
}, 180_000);
