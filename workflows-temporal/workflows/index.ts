// Workflow definitions registered by the worker. Workflow code runs in Temporal's deterministic
// sandbox: it imports activities with `import type` only and nothing with Node built-ins or I/O.
import type { RegisteredWorkflows } from '../../core/run/run-contract';
import { runLoopBatch as loopBatch } from './loop-batch.workflow';
import { alertRunFailure as runFailureAlert } from './run-failure-alert.workflow';
import { runSpec as interpreter } from './run-spec.workflow';

// Temporal finds a workflow by the name of its export, and starters use the names and signatures
// of RegisteredWorkflows: exporting them from an object of that type makes a rename, or a changed
// signature, a compile error here instead of runs stuck on a workflow type no worker has.
const registered: RegisteredWorkflows = {
  runSpec: interpreter,
  runLoopBatch: loopBatch,
  alertRunFailure: runFailureAlert,
};
export const { runSpec, runLoopBatch, alertRunFailure } = registered;
