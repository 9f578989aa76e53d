import { createEngineActivities } from '../../activities';
import { claimDueDeliveries, MAX_ATTEMPTS, recordDeliveryAttempt } from '../../activities/notifications/delivery';
import { seededDatabase, type SeededDb } from './helpers';

let db: SeededDb;
beforeAll(async () => {
  db = await seededDatabase();
  await createEngineActivities({ prisma: db.prisma }).notify({
    workflowId: 'wf-mail', processKey: 'review', versionId: db.versionId, key: 'wf-mail:reminder', kind: 'reminder', recipients: ['official:tax-reviewer'], message: '请尽快办理',
  });
});
afterAll(() => db.cleanup());

test('an email delivery is claimed once, retried after a failure, and recorded when sent', async () => {
  const t0 = new Date('2030-01-01T00:00:00Z');
  const [d] = await claimDueDeliveries(db.prisma, ['email'], 10, t0);
  expect(d.target).toBe('tax-reviewer@gridflow.example');
  expect(d.notification.title).toMatch(/催办提醒/);
  // leased: a second sender does not get it meanwhile
  expect(await claimDueDeliveries(db.prisma, ['email'], 10, t0)).toEqual([]);
  await recordDeliveryAttempt(db.prisma, d.id, { ok: false, error: 'connect ECONNREFUSED' }, t0);
  const failed = await db.prisma.delivery.findUniqueOrThrow({ where: { id: d.id } });
  expect([failed.state, failed.attempts, failed.lastError]).toEqual(['pending', 1, 'connect ECONNREFUSED']);
  expect(await claimDueDeliveries(db.prisma, ['email'], 10, t0)).toEqual([]);
  const later = new Date(failed.nextAttemptAt.getTime() + 1);
  const [again] = await claimDueDeliveries(db.prisma, ['email'], 10, later);
  expect(again.id).toBe(d.id);
  await recordDeliveryAttempt(db.prisma, d.id, { ok: true }, later);
  const sent = await db.prisma.delivery.findUniqueOrThrow({ where: { id: d.id } });
  expect([sent.state, sent.attempts, sent.lastError]).toEqual(['sent', 2, null]);
});

test('a delivery that keeps failing is given up and keeps its last error', async () => {
  const n = await db.prisma.notification.findFirstOrThrow({ where: { key: 'wf-mail:reminder' } });
  const d = await db.prisma.delivery.create({ data: { notificationId: n.id, channel: 'webhook', target: 'endpoint-x' } });
  for (let i = 0; i < MAX_ATTEMPTS; i++) await recordDeliveryAttempt(db.prisma, d.id, { ok: false, error: `HTTP 500 #${i + 1}` });
  const row = await db.prisma.delivery.findUniqueOrThrow({ where: { id: d.id } });
  expect([row.state, row.attempts, row.lastError]).toEqual(['failed', MAX_ATTEMPTS, `HTTP 500 #${MAX_ATTEMPTS}`]);
});
