// The bpmn/ package: compile BPMN XML into a ProcessGraph; FEEL and ISO 8601 time helpers.
// Workflow code must import './feel' and './graph' directly (this index pulls in node:crypto).
export { compileBpmn } from './compile';
export type { CompileOptions, CompileResult } from './compile';
export { formatProblem } from './problems';
export type { Problem } from './problems';
export { canonicalJson, graphHash } from './canonical';
export { createModdle, DEFAULT_MAX_BYTES } from './parse-xml';
export { MAX_SUBPROCESS_DEPTH, NOTIFY_ACTIVITY } from './build-graph';
export { UNIT_KINDS } from './gov-extensions';
export * from './feel';
export * from './graph';
