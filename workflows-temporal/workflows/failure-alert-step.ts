import { CancellationScope, log, patched, proxyActivities } from '@temporalio/workflow';
import type { RunActivities } from '../activities/create-activities';
import type { SendFailureAlertInput } from '../activities/failure-alert';
import type { RunSpecInput } from '../../core/run/run-contract';

/**
 * The patch that alerts on failed runs (decision 0014). Runs that failed before it replay without
 * the step; it is only ever reached on a failed run's path, so successful runs record no marker.
 */
const failureAlertsPatch = 'failure-alerts';

// A regular activity: an SMTP exchange or a webhook may take seconds, and a worker that dies in
// one must not hold the workflow task. Deliveries that could succeed later are retried for a few
// minutes; the activity itself records every failure on the workflow's alert settings.
const { sendFailureAlert } = proxyActivities<RunActivities>({
  summary: 'failure alert',
  startToCloseTimeout: '2 minutes',
  retry: { maximumAttempts: 5, initialInterval: '30 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/**
 * Alerts about the run, which has just been recorded failed. Never in a test run (the activity
 * checks the run row as well), and never changing how the run ended: an alert that cannot be
 * delivered is logged and the run fails as it would have.
 */
export async function alertFailure(alert: SendFailureAlertInput, input: Pick<RunSpecInput, 'test'>): Promise<void> {
  if (input.test || !patched(failureAlertsPatch)) return;
  await deliverFailureAlert(alert);
}

/** The alert's activity, which a cancellation does not stop; one never delivered is logged, not thrown. */
export async function deliverFailureAlert(alert: SendFailureAlertInput): Promise<void> {
  await CancellationScope.nonCancellable(() => sendFailureAlert(alert)).catch((error: unknown) => {
    log.warn('the failure alert was not delivered', { runId: alert.runId, error: (error as Error).message });
  });
}
