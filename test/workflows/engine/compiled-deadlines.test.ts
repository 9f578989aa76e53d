// The compiler expands gov:dueIn / gov:remindBefore / gov:escalation into boundary timers whose
// values may be FEEL (durations computed from variables): the engine must arm them at the right time.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileBpmn } from '../../../bpmn';
import { EngineDriver } from '../support/engineDriver';

const H = 3600_000;

test('a FEEL gov:dueIn arms the reminder (dueIn - remindBefore) and the escalation from the variables', async () => {
  const xml = fs.readFileSync(path.join(__dirname, '..', '..', 'bpmn', 'fixtures', 'valid', 'deadlines.bpmn'), 'utf8');
  const r = await compileBpmn(xml);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  const d = new EngineDriver(r.graph, { lead: 'official:li', departments: ['unit:d1:officer'], days: 4 });
  d.complete('sign');
  const start = d.now;
  const timers = [...d.timers.values()].map((t) => ({ at: (t.fireAt - start) / H, elementId: t.elementId })).sort((a, b) => a.at - b.at);
  // respond: due in 4 days, reminder 1 day before, street escalation 12 h after the deadline
  expect(timers).toEqual([
    { at: 72, elementId: expect.stringContaining('reminder') },
    { at: 108, elementId: expect.stringContaining('escalation_1') },
  ]);
  expect(d.engine.view().openTasks[0]).toMatchObject({ elementId: 'respond', candidateGroups: ['unit:d1:officer'], dueAt: new Date(start + 96 * H).toISOString() });
  d.advanceBy(72 * H);
  expect([...d.activities.values()]).toEqual([
    expect.objectContaining({ activity: 'gridflow.notify', input: expect.objectContaining({ kind: 'reminder', recipients: ['unit:d1:officer'], taskElementId: 'respond' }) }),
  ]);
});
