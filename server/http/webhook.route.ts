import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppServices } from '../app-services';
import { mayHaveTakenEffect } from '../temporal/temporal-call';
import { AppError } from '../../core/errors/app-error';
import { startRun } from '../runs/runs.service';
import { isWaiting } from '../runs/run-overlap.service';
import { SecretDecryptionError } from '../../core/secrets/secret-box';
import { findWebhookWorkflow } from '../webhooks/webhook-secret.service';
import {
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifyWebhook,
  WEBHOOK_TOLERANCE_SECONDS,
} from '../../core/webhooks/webhook-signature';
import { appErrorResponse, httpError } from './http-error';
import type { AppEnv } from './request-telemetry';
import { isUuid } from '../../core/db/uuid';
import { preparedStatement, runPrepared } from '../../core/db/prepared-statement';
import { parseRunInput } from '../../core/run/run-input';
import { MAX_WEBHOOK_WAIT_SECONDS } from '../../core/spec/spec.schema';
import { runResult } from '../runs/run-result.service';

export const MAX_WEBHOOK_BYTES = 1024 * 1024;

/** Remembers a delivery's signature; answers no row when it was already accepted (a replay). */
const acceptDelivery = preparedStatement<'workflowId' | 'signature', { workflow_id: string }>(
  'accept-webhook-delivery',
  `INSERT INTO webhook_deliveries (workflow_id, signature) VALUES (CAST(:workflowId AS uuid), CAST(:signature AS text))
   ON CONFLICT DO NOTHING RETURNING workflow_id`,
);

/** `?wait=` as whole seconds, 0 when absent, or what is wrong with it. */
function waitSeconds(text: string | undefined): number | string {
  if (text === undefined) return 0;
  const seconds = Number(text);
  return /^\d+$/.test(text) && seconds >= 1 && seconds <= MAX_WEBHOOK_WAIT_SECONDS
    ? seconds
    : `wait must be a whole number of seconds from 1 to ${MAX_WEBHOOK_WAIT_SECONDS}, not "${text.slice(0, 40)}".`;
}

/**
 * `POST /hooks/:workflowId`: starts a run of an active webhook workflow with the JSON object body
 * as its input. Authenticated by an HMAC of timestamp and body under the workflow's own secret; each
 * signature is accepted once. Answers 202 with the run id; every refusal starts nothing. With
 * `?wait=N` (1–30 s) it answers once the run has ended, 200 with its status and summary (node
 * statuses and failures, never outputs), or 202 with status "running" when N seconds pass first.
 * A workflow whose trigger says `respond: "after_run"` waits so by itself (`waitSeconds`, or N), and
 * answers with the run's result (run-result.service.ts: the final node's bounded output), 200 with
 * its status whether the run succeeded, failed or was cancelled.
 * The workflow's `settings.overlap` applies: "skip" answers 409 while a run of it is going
 * (`data.details`: `skipped: true` and the `runningRunId`), "buffer_one" answers 202 with status
 * "waiting" and the run it `waitingFor`, or 409 when one already waits.
 */
export function webhookRoute(services: AppServices) {
  let sweptAt = 0;
  return new Hono<AppEnv>().post(
    '/:workflowId',
    bodyLimit({
      maxSize: MAX_WEBHOOK_BYTES,
      onError: (c) =>
        httpError(c, 413, 'PAYLOAD_TOO_LARGE', `Webhook bodies are limited to ${MAX_WEBHOOK_BYTES} bytes.`),
    }),
    async (c) => {
      const workflowId = c.req.param('workflowId');
      const found = isUuid(workflowId) ? await findWebhookWorkflow(services, workflowId) : null;
      if (!found) return httpError(c, 404, 'NOT_FOUND', 'No webhook here.');
      const { workflow } = found;
      const contentType = c.req.header('content-type') ?? '';
      // Only JSON is accepted: a body is never trusted by its content type alone, and a form or
      // multipart body here would be someone else's confusion to exploit.
      if (!/^application\/json\s*(;|$)/i.test(contentType))
        return httpError(c, 415, 'BAD_REQUEST', 'Send the body as application/json.');
      const wait = waitSeconds(c.req.query('wait'));
      if (typeof wait === 'string') return httpError(c, 400, 'BAD_REQUEST', wait);
      const raw = await c.req.text();
      let secret: string | null;
      try {
        secret = found.secret();
      } catch (error) {
        if (!(error instanceof SecretDecryptionError)) throw error;
        // The operator's keys are wrong, not the sender's request: the log names the secret.
        c.var.log.error({ workflowId: workflow.id, err: error }, 'webhook secret unreadable');
        return httpError(
          c,
          500,
          'INTERNAL_SERVER_ERROR',
          "This webhook cannot verify deliveries: its secret cannot be read with the server's encryption keys. Nothing was started.",
        );
      }
      if (!secret)
        return httpError(c, 409, 'CONFLICT', 'This workflow has no webhook secret yet; create one in the app.');
      const check = verifyWebhook(secret, c.req.header(TIMESTAMP_HEADER), c.req.header(SIGNATURE_HEADER), raw);
      if (!check.ok) return httpError(c, 401, 'UNAUTHORIZED', `Webhook signature refused: ${check.reason}.`);
      if (workflow.status !== 'active' || workflow.specJson.trigger.type !== 'webhook') {
        return httpError(
          c,
          409,
          'CONFLICT',
          workflow.status !== 'active'
            ? `This workflow is ${workflow.status}, not active.`
            : 'This workflow is not triggered by webhooks.',
        );
      }
      // The same rule as runs.start's input: a JSON object PostgreSQL can store; empty means {}.
      const body = parseRunInput(raw, 'The body');
      if ('problem' in body) return httpError(c, 400, 'BAD_REQUEST', body.problem);
      // Remember the signature for the tolerance window; a second delivery of it is a replay.
      const signature = c.req.header(SIGNATURE_HEADER)!.trim();
      // Signatures past the window are refused by their timestamp anyway: forgetting them once a
      // minute keeps the table small without a DELETE for every delivery.
      if (Date.now() - sweptAt > 60_000) {
        sweptAt = Date.now();
        await services.sequelize.query(
          `DELETE FROM webhook_deliveries WHERE received_at < now() - interval '${2 * WEBHOOK_TOLERANCE_SECONDS} seconds'`,
        );
      }
      const accepted = await runPrepared(services.sequelize, acceptDelivery, { workflowId: workflow.id, signature });
      if (accepted.length === 0)
        return httpError(
          c,
          409,
          'CONFLICT',
          'This delivery was already accepted (same signature); sign each delivery anew.',
        );
      // Before the run's row exists: the watcher, listening since earlier, will hear its end.
      const recordedAt = Date.now();
      try {
        const run = await startRun(services, null, {
          workflowId: workflow.id,
          workflow,
          input: body.input,
          trigger: 'webhook',
        });
        // Kept waiting by the workflow's overlap setting ("buffer_one"): it starts by itself when
        // the run in its way ends.
        const waiting = run.waitingFor ? { status: 'waiting', waitingFor: run.waitingFor } : {};
        const trigger = workflow.specJson.trigger;
        const afterRun = trigger.type === 'webhook' && trigger.respond === 'after_run';
        const seconds = wait || (afterRun ? (trigger.waitSeconds ?? MAX_WEBHOOK_WAIT_SECONDS) : 0);
        if (!seconds) return c.json({ runId: run.id, ...waiting }, 202);
        const end = await services.runEnds.waitForEnd(run.id, seconds * 1000, recordedAt);
        if (!end) {
          await run.reload({ attributes: ['runStatus', 'temporalWorkflowId', 'runTrigger'] });
          return c.json({ runId: run.id, ...(isWaiting(run) ? waiting : { status: 'running' }) }, 202);
        }
        if (afterRun) {
          // The workflow's author chose to answer with its output, which may hold what a connector
          // fetched. A failed run is still a 200, its status in the body: senders retry a 5xx with a
          // new signature, which would run the workflow again, side effects and all.
          return c.json(await runResult(services.models, await run.reload()), 200);
        }
        return c.json({ runId: run.id, status: end.runStatus, summary: end.resultSummary }, 200);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        // Nothing was started: forget the signature, so the sender may deliver the same request
        // again (after a 503 while Temporal is down, for example) without it counting as a replay.
        // Unless Temporal went unanswered and may have started the run: then a second delivery
        // could run it twice, and is refused as a replay instead.
        if (mayHaveTakenEffect(error)) return appErrorResponse(c, error);
        await services.sequelize.query(
          'DELETE FROM webhook_deliveries WHERE workflow_id = :workflowId AND signature = :signature',
          { replacements: { workflowId: workflow.id, signature } },
        );
        return appErrorResponse(c, error);
      }
    },
  );
}
