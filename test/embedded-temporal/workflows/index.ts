// Workflows used by the embedded Temporal service's tests (bundled once per suite).
export * from './basics';
