// The four shipped governance processes compile without problems against the registered
// activities, keep the structure docs/processes.md describes, and can be drawn.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileBpmn, formatProblem, NOTIFY_ACTIVITY, type ProcessGraph, type GraphElement, type UserTask } from '../../bpmn';
import { domainActivityNames } from '../../activities/domain';
import { missingDiagramElements } from '../../scripts/layout-diagrams';

const dir = join(__dirname, '..', '..', 'diagrams');
const KEYS = ['pairing', 'secretary-project', 'committee-formation', 'vetting'] as const;
type Key = (typeof KEYS)[number];
const knownActivities = [...domainActivityNames, NOTIFY_ACTIVITY];
const graphs = {} as Record<Key, ProcessGraph>;
const hashes = {} as Record<Key, string>;

const el = <T extends GraphElement = GraphElement>(key: Key, id: string): T => {
  const e = graphs[key].elements[id];
  if (!e) throw new Error(`${key} has no element ${id}`);
  return e as T;
};
const timerOf = (key: Key, id: string) => {
  const e = el(key, id);
  return e.kind === 'boundaryEvent' && e.event.type === 'timer' ? { value: e.event.timer.value, interrupting: e.cancelActivity } : null;
};
const input = (key: Key, id: string, target: string) => {
  const e = el(key, id);
  return e.kind === 'serviceTask' ? e.input.find((m) => m.target === target)?.source : undefined;
};

beforeAll(async () => {
  for (const key of KEYS) {
    const r = await compileBpmn(readFileSync(join(dir, `${key}.bpmn`), 'utf8'), { knownActivities });
    if (!r.ok) throw new Error(`${key}.bpmn: ${r.problems.map(formatProblem).join('; ')}`);
    graphs[key] = r.graph;
    hashes[key] = r.hash;
  }
});

describe.each(KEYS)('%s', (key) => {
  it('is keyed by its file name, named in Chinese and documented in English', () => {
    const g = graphs[key];
    expect(g.processKey).toBe(key);
    expect(g.name).toMatch(/[\u4e00-\u9fff]/);
  });

  it('documents every start variable', () => {
    expect(graphs[key].startVariables.length).toBeGreaterThan(0);
    for (const v of graphs[key].startVariables) expect(v.description).toMatch(/[\u4e00-\u9fff].* \/ \w/);
  });

  it('gives every drawn user task someone to do it and a form with Chinese labels', () => {
    const tasks = Object.values(graphs[key].elements).filter((e): e is UserTask => e.kind === 'userTask');
    expect(tasks.length).toBeGreaterThan(0);
    for (const t of tasks) {
      expect({ id: t.id, who: Boolean(t.assignee ?? t.candidateGroups) }).toEqual({ id: t.id, who: true });
      expect(t.formFields.length).toBeGreaterThan(0);
      for (const f of t.formFields) expect(f.label).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('has a diagram shape for every element, and the shipped file is its laid-out source', async () => {
    expect(await missingDiagramElements(readFileSync(join(dir, `${key}.bpmn`), 'utf8'))).toEqual([]);
    const src = await compileBpmn(readFileSync(join(dir, 'src', `${key}.bpmn`), 'utf8'), { knownActivities });
    expect(src.ok && src.hash).toBe(hashes[key]);
  });
});

describe('D vetting', () => {
  it('reviews per department in parallel and stops at the first veto', () => {
    expect(el('vetting', 'SubProcess_review').multiInstance).toEqual({
      sequential: false,
      inputCollection: 'departments',
      inputElement: 'department',
      outputCollection: 'reviews',
      outputElement: '{department: department, decision: decision, reason: reason}',
      completionCondition: 'decision = "veto"',
    });
    expect(el<UserTask>('vetting', 'Task_review').formFields.map((f) => [f.id, f.type, f.required])).toEqual([
      ['decision', 'enum', true],
      ['reason', 'text', true],
    ]);
  });

  it('reminds a day before the 5-day deadline, escalates to the department head, then the street coordinator', () => {
    expect(timerOf('vetting', 'Task_review__reminder')).toEqual({ value: 'P4D', interrupting: false });
    expect(timerOf('vetting', 'Task_review__escalation_1')).toEqual({ value: 'P5D', interrupting: false });
    expect(timerOf('vetting', 'Task_review__escalation_2')).toEqual({ value: 'P7D', interrupting: false });
    expect(input('vetting', 'Task_review__escalation_1_notify', 'recipients')).toBe('["unit:" + department + ":head"]');
    expect(input('vetting', 'Task_review__escalation_2_notify', 'recipients')).toBe('["level:street:coordinator"]');
  });

  it('records the result and sends a veto notification only when vetoed', () => {
    expect(el('vetting', 'Task_record_result')).toMatchObject({ activity: 'recordVettingResult' });
    expect(graphs.vetting.flows.Flow_vetoed.condition).toBe('vettingResult = "vetoed"');
    expect(input('vetting', 'Task_notify_veto', 'kind')).toBe('"veto"');
    expect(graphs.vetting.startVariables.find((v) => v.name === 'departments')).toMatchObject({ required: false, type: 'list' });
  });
});

describe('C committee formation', () => {
  it('vets every nominee through the vetting process and loops back while too few pass', () => {
    expect(el('committee-formation', 'Call_vetting')).toMatchObject({
      kind: 'callActivity',
      calledProcessKey: 'vetting',
      multiInstance: { sequential: false, inputCollection: 'nominees', inputElement: 'nominee', outputCollection: 'vettings' },
    });
    expect(graphs['committee-formation'].flows.Flow_too_few_candidates).toMatchObject({ source: 'Gateway_enough_candidates', target: 'Task_nominate' });
  });

  it('escalates a preparation still running after 90 days to the street, then the district, without stopping it', () => {
    expect(timerOf('committee-formation', 'SubProcess_preparation__escalation_1')).toEqual({ value: 'P90D', interrupting: false });
    expect(timerOf('committee-formation', 'SubProcess_preparation__escalation_2')).toEqual({ value: 'P105D', interrupting: false });
  });

  it('tallies by the double majority and calls a new meeting unless someone was validly elected', () => {
    expect(el('committee-formation', 'Task_tally')).toMatchObject({ activity: 'tallyBallots', resultVariable: 'tally' });
    expect(graphs['committee-formation'].flows.Flow_elected.condition).toBe('tally.outcome = "elected"');
    expect(el('committee-formation', 'Gateway_elected')).toMatchObject({ defaultFlow: 'Flow_meeting_again' });
    expect(graphs['committee-formation'].flows.Flow_meeting_again.target).toBe('Task_publish_candidates');
  });

  it('takes the not-eligible compounds down the owner-representatives path', () => {
    expect(el('committee-formation', 'Gateway_eligible')).toMatchObject({ defaultFlow: 'Flow_not_eligible' });
    expect(graphs['committee-formation'].flows.Flow_not_eligible.target).toBe('Task_choose_representatives');
  });
});

describe('B secretary project', () => {
  it('escalates an overdue project street → district → city after grace periods', () => {
    const lead = el<UserTask>('secretary-project', 'Task_lead_work');
    expect(lead.escalation?.map((l) => [l.level, l.after])).toEqual([
      ['street', 'PT0S'],
      ['district', 'P3D'],
      ['city', 'P4D'],
    ]);
    expect(timerOf('secretary-project', 'Task_lead_work__escalation_3')?.value).toBe('=(duration("P" + string(deadlineDays) + "D")) + duration("PT0S") + duration("P3D") + duration("P4D")');
    expect(input('secretary-project', 'Task_lead_work__escalation_3_notify', 'recipients')).toBe('["level:city:secretary"]');
  });

  it('calls each department with its own response deadline and escalates a silent one', () => {
    expect(el('secretary-project', 'SubProcess_department_calls').multiInstance).toMatchObject({ inputCollection: 'departments', inputElement: 'department' });
    expect(el<UserTask>('secretary-project', 'Task_department_response').dueIn).toBe('=duration(responseDue)');
    expect(input('secretary-project', 'Task_department_response__escalation_1_notify', 'recipients')).toBe('["unit:" + department + ":head"]');
  });

  it('records the level the project was settled at', () => {
    expect(el('secretary-project', 'Task_record_level')).toMatchObject({ activity: 'recordSettledLevel', resultVariable: 'settledAtLevel' });
  });
});

describe('A pairing', () => {
  it('runs each confirmed project to its own deadline with a verification loop', () => {
    expect(el('pairing', 'SubProcess_project').multiInstance).toMatchObject({ inputCollection: 'projects', inputElement: 'project' });
    expect(timerOf('pairing', 'SubProcess_project_work__escalation_1')?.value).toBe('=(duration(project.dueIn)) + duration("PT0S")');
    expect(graphs.pairing.flows.Flow_verification_rejected).toMatchObject({ source: 'Gateway_verified', target: 'Task_implement' });
  });

  it('signs in parallel with a reminder and escalation to the street secretary', () => {
    for (const side of ['community', 'agency']) {
      expect(timerOf('pairing', `Task_sign_${side}__reminder`)?.value).toBe('P5D');
      expect(input('pairing', `Task_sign_${side}__escalation_1_notify`, 'recipients')).toBe('["level:street:secretary"]');
    }
  });

  it('checks the yearly claim at the cut-off date', () => {
    const timer = el('pairing', 'Timer_cutoff');
    expect(timer.kind === 'intermediateCatchEvent' && timer.event).toEqual({ type: 'timer', timer: { kind: 'date', value: '=cutoffDate + "T18:00:00+08:00"' } });
    expect(el('pairing', 'Task_claim_check')).toMatchObject({ activity: 'checkYearlyClaim', resultVariable: 'yearlyCheck' });
  });
});
