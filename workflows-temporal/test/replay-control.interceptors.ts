// Workflow interceptor used only by replay.test.ts as a control: it makes the interpreter issue a
// different command sequence (a 1 ms timer before the run's first activity, regular or local), as
// an incompatible change to run-spec.workflow.ts would. Replaying the saved histories with it must
// fail; if it did not, the replay test would be proving nothing.
import { sleep, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

export const interceptors: WorkflowInterceptorsFactory = () => {
  let first = true;
  const delayFirst = async () => {
    if (first) {
      first = false;
      await sleep(1);
    }
  };
  return {
    outbound: [
      {
        async scheduleActivity(input, next) {
          await delayFirst();
          return next(input);
        },
        async scheduleLocalActivity(input, next) {
          await delayFirst();
          return next(input);
        },
      },
    ],
  };
};
