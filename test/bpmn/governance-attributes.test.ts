// gov:notDoneBy (separation of duties) and the org-typed form fields: compiled into the graph when
// right, refused with the element named when they point at nothing or make no sense.
import { compileBpmn } from '../../bpmn';
import { problemsOf } from './helpers';

function diagram(tasks: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:gov="http://gridflow.dev/schema/gov/1.0" id="D" targetNamespace="t">
  <bpmn:process id="four-eyes" isExecutable="true">
    <bpmn:startEvent id="Start"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Task_work"/>
    ${tasks}
    <bpmn:sequenceFlow id="F3" sourceRef="Task_accept" targetRef="End"/>
    <bpmn:endEvent id="End"><bpmn:incoming>F3</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;
}

const work = (form = '') => `<bpmn:userTask id="Task_work" name="办理" gov:candidateGroups="a"><bpmn:extensionElements>${form}</bpmn:extensionElements><bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing></bpmn:userTask>
    <bpmn:sequenceFlow id="F2" sourceRef="Task_work" targetRef="Task_accept"/>`;
const accept = (notDoneBy: string) => `<bpmn:userTask id="Task_accept" name="验收" gov:candidateGroups="a" gov:notDoneBy="${notDoneBy}"><bpmn:incoming>F2</bpmn:incoming><bpmn:outgoing>F3</bpmn:outgoing></bpmn:userTask>`;

test('gov:notDoneBy and official/unit fields compile into the graph', async () => {
  const form = `<gov:form><gov:field id="lead" label="领办人" type="official" required="true"/><gov:field id="street" label="街道" type="unit" unitKinds="street, community"/></gov:form>`;
  const r = await compileBpmn(diagram(work(form) + accept('Task_work')));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  const el = r.graph.elements.Task_accept;
  expect(el.kind === 'userTask' && el.notDoneBy).toEqual(['Task_work']);
  const fields = r.graph.elements.Task_work.kind === 'userTask' ? r.graph.elements.Task_work.formFields : [];
  expect(fields).toEqual([
    { id: 'lead', label: '领办人', type: 'official', required: true },
    { id: 'street', label: '街道', type: 'unit', required: false, unitKinds: ['street', 'community'] },
  ]);
});

test.each([
  ['Task_gone', 'element Task_accept: gov:notDoneBy names Task_gone, which is not an element of the process'],
  ['Task_accept', 'element Task_accept: gov:notDoneBy names the task itself (Task_accept): name the other tasks whose completers may not do this one'],
  ['Start', 'element Task_accept: gov:notDoneBy names Start, a startEvent: only user tasks have someone who did them'],
])('gov:notDoneBy="%s" is refused', async (notDoneBy, problem) => {
  expect(await problemsOf(diagram(work() + accept(notDoneBy)))).toEqual([problem]);
});

test('unitKinds must be unit kinds, and only on a unit field', async () => {
  const form = `<gov:form><gov:field id="lead" type="official" unitKinds="street"/><gov:field id="area" type="unit" unitKinds="street, province"/></gov:form>`;
  expect(await problemsOf(diagram(work(form) + accept('Task_work')))).toEqual([
    'element Task_work: gov:field "lead" has unitKinds but is not a unit field',
    'element Task_work: gov:field "area" unitKinds "street, province" must list org unit kinds (city, district, street, community, grid, compound, agency, department)',
  ]);
});
