// The bpmn-engine baseline of the process-D bench runs the shipped vetting diagram to the end the
// workload implies: all reviews passing → 资格审查通过; one department vetoing → the others' open
// reviews cancelled, the coordinator notified, 资格被否决. Figures (timings) are not asserted here.
import fs from 'node:fs';
import path from 'node:path';
import { Engine, type BpmnEngineOptions } from 'bpmn-engine';
import { runVettingOnBpmnEngine } from '../../bench/process-d-bpmn-engine';
import { extendGovLoop, govExpressions, govExtension, parseGovDiagram, type GovService } from '../../bench/process-d-bpmn-engine-gov';

describe('process D on bpmn-engine (bench baseline)', () => {
  it('runs every vetting to End_passed with one completed review per department', async () => {
    const r = await runVettingOnBpmnEngine({ instances: 3, departments: 14 });
    expect(r).toMatchObject({
      instances: 3,
      concurrency: 3,
      reviews: 42,
      ended: { passed: 3, vetoed: 0 },
      cancelledReviews: 0,
      notifications: 0,
    });
    expect(r.wallMs).toBeGreaterThan(0);
    expect(r.peakRssBytes).toBeGreaterThan(0);
  });

  it('a veto ends the vetting at End_vetoed, cancels the reviews still open and notifies once per vetting', async () => {
    // reviews are answered in the order they wait: departments 1–3 pass, the 4th vetoes
    const r = await runVettingOnBpmnEngine({ instances: 2, departments: 14, vetoAt: 3, concurrency: 1 });
    expect(r).toMatchObject({
      instances: 2,
      reviews: 8,
      ended: { passed: 0, vetoed: 2 },
      cancelledReviews: 20,
      notifications: 2,
    });
  });

  it('the first department vetoing cancels all the others', async () => {
    const r = await runVettingOnBpmnEngine({ instances: 1, departments: 5, vetoAt: 0 });
    expect(r).toMatchObject({ reviews: 1, ended: { passed: 0, vetoed: 1 }, cancelledReviews: 4, notifications: 1 });
  });

  it('refuses a workload it cannot run, naming the option', async () => {
    await expect(runVettingOnBpmnEngine({ instances: 1, departments: 14, vetoAt: 14 })).rejects.toThrow(/vetoAt must be a department position 0\.\.13, got 14/);
    await expect(runVettingOnBpmnEngine({ instances: 0, departments: 14 })).rejects.toThrow(/instances must be a positive integer/);
  });
});

describe('gov: mapping onto bpmn-engine', () => {
  const diagram = fs.readFileSync(path.join(__dirname, '..', '..', 'diagrams', 'vetting.bpmn'), 'utf8');

  async function run(xml: string, services: Record<string, GovService>) {
    const engine = new Engine({
      name: 'mapping-test',
      moddleContext: await parseGovDiagram(xml),
      extendFn: extendGovLoop,
      expressions: govExpressions,
      extensions: { gov: govExtension },
      services,
    } as unknown as BpmnEngineOptions);
    const ended = engine.waitFor('end');
    await Promise.all([engine.execute({ variables: { candidateId: 'c', candidateName: '张三', compoundCode: 'x', departments: null } }), ended]);
  }

  it('a gov:activity with no registered service fails naming the element and the activity', async () => {
    await expect(run(diagram, {})).rejects.toThrow(/Task_resolve_departments: gov:activity vettingDepartments is not a registered service/);
  });

  it('a multi-instance without gov:loop is refused naming the sub-process', async () => {
    const noLoop = diagram.replace(/<gov:loop [^>]*\/>/, '');
    expect(noLoop).not.toBe(diagram);
    await expect(run(noLoop, {})).rejects.toThrow(/SubProcess_review: multi-instance without gov:loop/);
  });
});
