// bpmn/gov.json as bpmn-js uses it: a diagram read and written back by moddle (what the web
// modeler's "save" does) keeps every gov: attribute and extension element, so it compiles the same.
import { compileBpmn } from '../../bpmn';
import { createModdle } from '../../bpmn/parse-xml';
import gov from '../../bpmn/gov.json';
import { fixture } from './helpers';

async function roundTrip(xml: string): Promise<string> {
  const moddle = createModdle();
  const { rootElement, warnings } = await moddle.fromXML(xml, 'bpmn:Definitions');
  expect(warnings).toEqual([]);
  return (await moddle.toXML(rootElement, { format: true })).xml;
}

test.each(['vetting.bpmn', 'deadlines.bpmn', 'events.bpmn', 'tasks.bpmn', 'subprocesses.bpmn'])(
  '%s written back by moddle compiles to the same graph',
  async (name) => {
    const xml = fixture('valid', name);
    const written = await roundTrip(xml);
    const before = await compileBpmn(xml);
    const after = await compileBpmn(written);
    if (!before.ok || !after.ok) throw new Error('a fixture did not compile');
    expect(after.graph).toEqual(before.graph);
    expect(after.hash).toBe(before.hash);
  },
);

test('gov: elements are written with the gov prefix and lower-case tags, as bpmn/README.md shows them', async () => {
  const written = await roundTrip(fixture('valid', 'vetting.bpmn'));
  expect(written).toContain('xmlns:gov="http://gridflow.dev/schema/gov/1.0"');
  expect(written).toMatch(/<bpmn:userTask id="review" name="部门审查" gov:assignee="=reviewer"/);
  for (const tag of ['gov:escalation', 'gov:level', 'gov:form', 'gov:field', 'gov:option', 'gov:input', 'gov:output', 'gov:loop', 'gov:startVariable']) {
    expect(written).toMatch(new RegExp(`<${tag}[ >]`));
  }
});

test('a modeler can create gov: elements by type name, as the properties panel does', async () => {
  const moddle = createModdle();
  const level = moddle.create('gov:Level', { name: 'street', after: 'P2D' });
  const escalation = moddle.create('gov:Escalation', { levels: [level] });
  const ext = moddle.create('bpmn:ExtensionElements', { values: [escalation] });
  const task = moddle.create('bpmn:UserTask', { id: 'T', assignee: '=a', dueIn: 'P5D', extensionElements: ext });
  const { xml } = await moddle.toXML(task, { preamble: false });
  expect(xml).toBe('<bpmn:userTask xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:gov="http://gridflow.dev/schema/gov/1.0" id="T" gov:assignee="=a" gov:dueIn="P5D"><bpmn:extensionElements><gov:escalation><gov:level name="street" after="P2D" /></gov:escalation></bpmn:extensionElements></bpmn:userTask>');
});

test('the descriptor follows bpmn-js conventions: attributes extend bpmn types, extension elements say where they belong', () => {
  expect(gov).toMatchObject({ prefix: 'gov', uri: 'http://gridflow.dev/schema/gov/1.0', xml: { tagAlias: 'lowerCase' } });
  for (const type of gov.types) {
    if ('extends' in type) {
      expect(type).toMatchObject({ isAbstract: true });
      expect(type.properties.every((p) => 'isAttr' in p && p.isAttr)).toBe(true);
    } else {
      expect(type).toMatchObject({ superClass: ['Element'] });
      expect('meta' in type && type.meta.allowedIn.length).toBeGreaterThan(0);
    }
  }
});
