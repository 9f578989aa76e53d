// The diagram's say over what enters a process: gov:startableBy, gov:startVariable unitKind /
// unitScope / setBy, gov:subscription variables, read into the graph, misspellings refused by
// element id, and kept by a moddle round trip (what the web modeler's save does).
import { compileBpmn, formatProblem } from '../../bpmn';
import { createModdle } from '../../bpmn/parse-xml';

const diagram = (processAttrs: string, startVariables: string, subscription = '<gov:subscription variables="note, approved"/>') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:gov="http://gridflow.dev/schema/gov/1.0" id="D" targetNamespace="http://gridflow.dev/processes">
  <bpmn:message id="Msg" name="approval"><bpmn:extensionElements>${subscription}</bpmn:extensionElements></bpmn:message>
  <bpmn:process id="p" isExecutable="true" ${processAttrs}>
    <bpmn:extensionElements>${startVariables}</bpmn:extensionElements>
    <bpmn:startEvent id="start"/>
    <bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="Msg"/></bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="end"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait"/>
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end"/>
  </bpmn:process>
</bpmn:definitions>`;

const good = diagram(
  'gov:startableBy="coordinator@city *@street"',
  `<gov:startVariable name="compoundCode" type="string" required="true" unitKind="compound"/>
   <gov:startVariable name="departments" type="list" unitKind="department" unitScope="org" setBy="admin"/>`,
);

test('start rights, unit pickers and message variables are read into the graph', async () => {
  const r = await compileBpmn(good);
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join('\n'));
  expect(r.graph.startableBy).toEqual(['coordinator@city', '*@street']);
  expect(r.graph.startVariables).toEqual([
    { name: 'compoundCode', type: 'string', required: true, unitKinds: ['compound'] },
    { name: 'departments', type: 'list', required: false, unitKinds: ['department'], unitScope: 'org', setBy: ['admin'] },
  ]);
  expect(r.graph.elements.wait).toMatchObject({ event: { type: 'message', messageName: 'approval', variables: ['note', 'approved'] } });
});

test('misspelt rights, unit kinds and scopes are refused, naming the process', async () => {
  const r = await compileBpmn(
    diagram(
      'gov:startableBy="mayor@city coordinator@town"',
      `<gov:startVariable name="compoundCode" type="number" unitKind="estate"/>
       <gov:startVariable name="departments" type="list" unitKind="department" unitScope="street" setBy="boss"/>`,
      '<gov:subscription variables="ok 9lives"/>',
    ),
  );
  expect(r.ok).toBe(false);
  const problems = r.ok ? [] : r.problems.map(formatProblem);
  expect(problems).toEqual(expect.arrayContaining([
    expect.stringMatching(/^element p: gov:startableBy "mayor@city" is not "admin" or "<role>@<unit kind>"/),
    expect.stringMatching(/^element p: gov:startableBy "coordinator@town" is not/),
    expect.stringMatching(/^element p: gov:startVariable "compoundCode" unitKind "estate" is not an org unit kind/),
    expect.stringMatching(/^element p: gov:startVariable "compoundCode" has a unitKind but is a number/),
    expect.stringMatching(/^element p: gov:startVariable "departments" unitScope "street": use starter or org/),
    expect.stringMatching(/^element p: gov:startVariable "departments" setBy "boss" is not/),
    expect.stringMatching(/^element wait: message variable "9lives" is not a variable name/),
  ]));
});

test('a moddle round trip keeps them', async () => {
  const moddle = createModdle();
  const { rootElement } = await moddle.fromXML(good, 'bpmn:Definitions');
  const written = (await moddle.toXML(rootElement, { format: true })).xml;
  const before = await compileBpmn(good);
  const after = await compileBpmn(written);
  if (!before.ok || !after.ok) throw new Error('did not compile');
  expect(after.graph).toEqual(before.graph);
});
