// Whatever arrives at a deploy, compileBpmn answers {ok:false} with problems: never a throw, never a
// crash, never an "internal compiler error" (a bug of ours reaching the user).
import fc from 'fast-check';
import { compileBpmn, formatProblem } from '../../bpmn';
import { fixture } from './helpers';

async function expectRefusedCleanly(input: string): Promise<void> {
  const result = await compileBpmn(input);
  if (result.ok) return; // a mutation can leave a valid diagram; that is fine
  expect(result.problems.length).toBeGreaterThan(0);
  for (const p of result.problems) expect(formatProblem(p)).not.toMatch(/internal compiler error/);
}

test('random strings are refused with problems', async () => {
  await fc.assert(
    fc.asyncProperty(fc.string({ maxLength: 300 }), async (s) => {
      const result = await compileBpmn(s);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems.length).toBeGreaterThan(0);
    }),
    { numRuns: 300 },
  );
});

test('random XML-ish garbage is refused with problems', async () => {
  const token = fc.constantFrom('<', '>', '/>', '</', '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">',
    '</bpmn:definitions>', '<bpmn:process id="p" isExecutable="true">', '</bpmn:process>', '<bpmn:startEvent id="s"/>',
    '<bpmn:task id="t"/>', '<bpmn:sequenceFlow id="f" sourceRef="s" targetRef="t"/>', '&amp;', '&bogus;', '<!--', '-->', '"', '=', ' id=', 'gov:', '\u0000', '<![CDATA[');
  await fc.assert(
    fc.asyncProperty(fc.array(token, { maxLength: 30 }), async (tokens) => expectRefusedCleanly(tokens.join(''))),
    { numRuns: 300 },
  );
});

test('a valid diagram cut, spliced or with bytes replaced never throws', async () => {
  const base = fixture('valid', 'vetting.bpmn');
  await fc.assert(
    fc.asyncProperty(fc.nat({ max: base.length }), fc.nat({ max: base.length }), fc.string({ maxLength: 20 }), async (a, b, insert) => {
      const [from, to] = a < b ? [a, b] : [b, a];
      await expectRefusedCleanly(base.slice(0, from) + insert + base.slice(to));
    }),
    { numRuns: 200 },
  );
});
