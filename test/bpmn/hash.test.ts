// The content hash says whether a deployment changes what runs: layout and formatting do not.
import { compileValid, fixture } from './helpers';
import { compileBpmn } from '../../bpmn';

async function hashOf(xml: string): Promise<string> {
  const result = await compileBpmn(xml);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.hash;
}

test('identical XML gives the identical hash, a sha256 in hex', async () => {
  const a = await compileValid('vetting.bpmn');
  const b = await compileValid('vetting.bpmn');
  expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
  expect(b.hash).toBe(a.hash);
});

test('removing the diagram layout, reindenting and reordering attributes keep the hash', async () => {
  const xml = fixture('valid', 'vetting.bpmn');
  const reformatted = xml
    .replace(/<bpmndi:BPMNDiagram[\s\S]*<\/bpmndi:BPMNDiagram>/, '')
    .replace(/>\s+</g, '><')
    .replace('<bpmn:serviceTask id="file" name="归档" gov:activity="fileResult"', '<bpmn:serviceTask gov:activity="fileResult" name="归档" id="file"');
  expect(reformatted).not.toBe(xml);
  expect(await hashOf(reformatted)).toBe(await hashOf(xml));
});

test('changing a condition, a name or a deadline changes the hash', async () => {
  const xml = fixture('valid', 'vetting.bpmn');
  const base = await hashOf(xml);
  expect(await hashOf(xml.replace('&gt; 0</bpmn:conditionExpression>', '&gt; 1</bpmn:conditionExpression>'))).not.toBe(base);
  expect(await hashOf(xml.replace('name="归档"', 'name="存档"'))).not.toBe(base);
  expect(await hashOf(xml.replace('gov:dueIn="P5D"', 'gov:dueIn="P6D"'))).not.toBe(base);
});
