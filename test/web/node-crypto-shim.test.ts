// The browser build's SHA-256 gives the same graph hash as Node's, so "Validate" in the modeler
// and the server agree on what a version is.
import { createHash as nodeHash } from 'node:crypto';
import fc from 'fast-check';
import { createHash } from '../../server/web/src/shims/node-crypto';

test('matches node:crypto on known and random inputs', () => {
  for (const s of ['', 'abc', '部门审查', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'a'.repeat(1000)]) {
    expect(createHash('sha256').update(s).digest('hex')).toBe(nodeHash('sha256').update(s).digest('hex'));
  }
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => createHash('sha256').update(s).digest('hex') === nodeHash('sha256').update(s).digest('hex')));
});
