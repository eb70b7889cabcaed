import { ApplicationFailure } from '@temporalio/common';
import { QueryTypes } from 'sequelize';
import type { AlertChannel, FailureAlert } from '../../core/alerts/failure-alert';
import type { Models } from '../../core/db/models';
import { asNodeError } from '../../core/run/node-error';
import { sendAlertEmail, sendAlertWebhook } from './alert-delivery';
import { claimAlertWindow, countHeldBack, recordAlertOutcome, type ClaimedAlert } from './alert-window';
import type { ActivityDeps } from './node-context';
import { appLink } from '../../core/config/app-link';

// The failure alert of one run (decision 0014), which the interpreter schedules when a real run
// ends failed. Idempotent like every activity here: a retry finds the window its run claimed and
// sends only on the channels not yet delivered. A delivery failure never touches the run: it is
// recorded on the settings, and retried by Temporal when a later attempt could succeed.

export interface SendFailureAlertInput {
  runId: string;
  /**
   * The nodes whose failure failed the run, as the workflow knows them; empty when the run passed
   * its time limit, or when the API's sweep ended it (run-failure-alert.workflow.ts): the run's own
   * error then says why. The summary's `failures` list also holds failures an error route handled,
   * in no order. Absent in alerts scheduled before this field (their retries): the summary's first.
   */
  failedNodeIds?: string[];
}

export type SendFailureAlertResult =
  { outcome: 'none' | 'held back' } | { outcome: 'sent'; delivered: AlertChannel[]; errors: string[] };

interface FailedRun {
  workflowId: string;
  workflowName: string;
  ownerId: string;
  trigger: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  summary: { failures?: Array<{ nodeId: string; error: string }>; error?: string } | null;
  nodes: Array<{ id: string; name: string }> | null;
}

/** The run, if it is one to alert about: a real run (the run row decides, not the workflow's flag) that failed. */
async function loadFailedRun(models: Models, runId: string): Promise<FailedRun | null> {
  const [run] = await models.WorkflowRun.sequelize!.query<FailedRun>(
    `SELECT r.workflow_id AS "workflowId", w.name AS "workflowName", w.owner_id AS "ownerId", r.run_trigger AS trigger,
            r.started_at AS "startedAt", r.finished_at AS "finishedAt", r.result_summary AS summary,
            r.spec_snapshot -> 'nodes' AS nodes
       FROM workflow_runs r JOIN workflows w ON w.id = r.workflow_id
      WHERE r.id = :runId AND r.run_status = 'failed' AND r.run_trigger IS DISTINCT FROM 'test'`,
    { replacements: { runId }, type: QueryTypes.SELECT },
  );
  return run ?? null;
}

/** The web client's page of a run (`/runs/:runId`, web/src/shell/app-shell.tsx). */
export const runPageUrl = (publicUrl: string, runId: string) => appLink(publicUrl, `/runs/${runId}`);

function composeAlert(
  publicUrl: string,
  { runId, failedNodeIds }: SendFailureAlertInput,
  run: FailedRun,
  moreFailuresSince: number,
): FailureAlert {
  const failures = run.summary?.failures ?? [];
  const failure = failedNodeIds ? failures.find((f) => f.nodeId === failedNodeIds[0]) : failures[0];
  const name = run.nodes?.find((n) => n.id === failure?.nodeId)?.name ?? failure?.nodeId;
  const failedNode = failure ? { id: failure.nodeId, name: name!, error: failure.error.slice(0, 2000) } : null;
  return {
    event: 'run.failed',
    workflow: { id: run.workflowId, name: run.workflowName },
    run: {
      id: runId,
      url: runPageUrl(publicUrl, runId),
      trigger: run.trigger,
      startedAt: run.startedAt?.toISOString() ?? null,
      finishedAt: run.finishedAt?.toISOString() ?? null,
    },
    failedNode,
    error: failedNode
      ? `node "${failedNode.name}" failed: ${failedNode.error}`
      : (run.summary?.error ?? 'the run failed'),
    moreFailuresSince,
  };
}

/** Sends on each channel the settings enable that this run has not delivered yet; one's failure leaves the other. */
async function deliver(deps: ActivityDeps, run: FailedRun, claim: ClaimedAlert, alert: FailureAlert) {
  const channels: Array<[AlertChannel, () => Promise<void>]> = [];
  if (claim.emailEnabled)
    channels.push([
      'email',
      () =>
        sendAlertEmail(
          deps,
          run.ownerId,
          { smtpConnectorId: claim.smtpConnectorId, recipients: claim.emailRecipients },
          alert,
        ),
    ]);
  if (claim.webhookEnabled && claim.webhookUrl)
    channels.push(['webhook', () => sendAlertWebhook(deps, run.ownerId, claim.webhookUrl!, alert)]);
  const delivered = [...claim.delivered];
  const failures: Array<{ message: string; retryable: boolean }> = [];
  for (const [channel, send] of channels) {
    if (delivered.includes(channel)) continue;
    try {
      await send();
      delivered.push(channel);
    } catch (thrown) {
      const error = asNodeError(thrown);
      failures.push({ message: `${channel}: ${error.message}`, retryable: error.retryable });
    }
  }
  return { delivered, failures };
}

/**
 * Alerts about the failed run `runId` when its workflow asks for alerts and no alert went out
 * within the workflow's window; otherwise counts the failure for the next alert to report.
 */
export async function sendFailureAlert(
  deps: ActivityDeps,
  input: SendFailureAlertInput,
): Promise<SendFailureAlertResult> {
  const { runId } = input;
  const run = await loadFailedRun(deps.models, runId);
  if (!run) return { outcome: 'none' };
  const place = { workflowId: run.workflowId, runId };
  const claim = await claimAlertWindow(deps.models, place);
  if (!claim) {
    await countHeldBack(deps.models, run.workflowId);
    return { outcome: 'held back' };
  }
  const alert = composeAlert(deps.publicUrl, input, run, claim.suppressed);
  const { delivered, failures } = await deliver(deps, run, claim, alert);
  const error = failures.length ? failures.map((f) => f.message).join('; ') : null;
  await recordAlertOutcome(deps.models, place, { delivered, error });
  if (failures.some((f) => f.retryable)) throw ApplicationFailure.retryable(error!, 'AlertDeliveryFailed');
  return { outcome: 'sent', delivered, errors: failures.map((f) => f.message) };
}
