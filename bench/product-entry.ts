/**
 * The forked process's main module for bench/product-process.ts: loads the bench's reporting
 * hooks first (child-report.ts: must wrap better-sqlite3 before gridflow opens a database), then
 * runs the gridflow entry point named in argv[2] with the remaining arguments, unchanged.
 * (A plain `--import` preload would also be inherited by the Temporal worker's threads.)
 */
import './child-report';
import path from 'node:path';

const [script, ...args] = process.argv.slice(2);
if (!script) throw new Error('usage: product-entry.ts <gridflow entry point> [args…]');
const resolved = path.resolve(script);
process.argv = [process.argv[0], resolved, ...args];
// eslint-disable-next-line @typescript-eslint/no-require-imports
require(resolved);
