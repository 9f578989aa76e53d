// The skeleton's one decision about ESM-only dependencies (see jest.config.js): they load under jest.
import { evaluate } from 'feelin';
import { BpmnModdle } from 'bpmn-moddle';

test('feelin evaluates a filter written the way gridflow requires', () => {
  const { value, warnings } = evaluate('count(votes[approve = true])', { votes: [{ approve: true }, { approve: false }] });
  expect(warnings).toEqual([]);
  expect(value).toBe(1);
});

test('feelin reports an unknown variable as a warning we can turn into an error', () => {
  const { warnings } = evaluate('missing > 1', {});
  expect(warnings.map((w) => w.type)).toContain('NO_VARIABLE_FOUND');
});

test('bpmn-moddle parses a process', async () => {
  const moddle = new BpmnModdle();
  const xml = '<?xml version="1.0"?><definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d"><process id="p"><startEvent id="s"/></process></definitions>';
  const { rootElement } = await moddle.fromXML(xml);
  expect(rootElement.rootElements[0].id).toBe('p');
});
