import type { RunFailureAlertInput } from '../../core/run/run-contract';
import { deliverFailureAlert } from './failure-alert-step';

/**
 * The failure alert of a run the API's sweep ended failed (its execution terminated, timed out,
 * failed, or gone: closed-executions.ts). No node is named: the run's summary says how its execution ended,
 * and the alert says that. The activity alerts only about a real run that failed, within the
 * workflow's alert window, as for any failed run.
 */
export async function alertRunFailure({ runId }: RunFailureAlertInput): Promise<void> {
  await deliverFailureAlert({ runId, failedNodeIds: [] });
}
