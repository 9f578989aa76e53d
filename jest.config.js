// feelin, bpmn-moddle 10 and their dependencies ship ESM only. We decided once, here, to let
// @swc/jest transform them to CommonJS like our own TypeScript, rather than run jest in ESM mode
// (ESM mode breaks jest.mock hoisting and the Temporal worker's native bridge loading).
const esmOnly = [
  'feelin', 'lezer-feel', '@lezer', 'min-dash', 'temporal-polyfill', 'temporal-spec', 'temporal-utils',
  'bpmn-moddle', 'moddle', 'moddle-xml', 'saxen', 'ids',
];
const swc = ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(ts|js|mjs)$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json', 'node'],
  testTimeout: 120000,
};
