// Workflows used by the embedded Temporal service's tests (bundled once per suite).
export * from './basics';
export * from './activities';
export * from './children';
export * from './updates';
export * from './timeouts';
export * from './lifecycle';
export * from './skipping';
export * from './durable';
export * from './extras';
export * from './history';
