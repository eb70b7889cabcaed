// Workflow definitions registered by the worker. Workflow code runs in Temporal's deterministic
// sandbox: it imports activities with `import type` only and nothing with Node built-ins or I/O.
export { approvalSignal, runSpec } from './run-spec.workflow';
