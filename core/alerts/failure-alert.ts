// Failure alerts (decision 0014): what the API and the worker share about them.

/** The `secrets` row holding a workflow's alert webhook signing secret (the `webhook:` prefix is reserved). */
export const alertWebhookSecretName = (workflowId: string) => `webhook:alert:${workflowId}`;

/** The channels an alert goes out on; `workflow_alerts.delivered` lists those done for the last run. */
export type AlertChannel = 'email' | 'webhook';

/**
 * What one alert says: the body of its webhook (JSON, signed as inbound webhooks are) and the
 * content of its email. Ids, names and error messages only: never a node's output or a secret.
 */
export interface FailureAlert {
  event: 'run.failed';
  workflow: { id: string; name: string };
  run: {
    id: string;
    /** The run's page in the web client. */
    url: string;
    trigger: string | null;
    startedAt: string | null;
    finishedAt: string | null;
  };
  /** The first node whose failure failed the run; null when the run failed otherwise (its time limit). */
  failedNode: { id: string; name: string; error: string } | null;
  /** Why the run failed, in one line. */
  error: string;
  /** The workflow's failed runs since the previous alert that the window kept from alerting. */
  moreFailuresSince: number;
}
