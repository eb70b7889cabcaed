import type { RouterOutputs } from '../../trpc';
import { CopyButton } from './copy-button';
import { WebhookSecret } from './webhook-secret';

type Workflow = RouterOutputs['workflows']['get'];
type WebhookTrigger = Extract<RouterOutputs['workflows']['triggerDetails'], { type: 'webhook' }>;

/** Where to send deliveries, how to sign them, and the secret they are signed with. */
export function WebhookDetails({ workflow, webhook }: { workflow: Workflow; webhook: WebhookTrigger }) {
  // The same recipe as the README's, with this workflow's URL filled in.
  const example = [
    `body='{"customer":"ACME"}'; ts=$(date +%s)`,
    `sig="v1=$(printf '%s.%s' "$ts" "$body" | openssl dgst -sha256 -hmac "$SECRET" -hex | sed 's/^.* //')"`,
    `curl -X POST '${webhook.url}' -H 'content-type: application/json' \\`,
    `  -H "${webhook.timestampHeader}: $ts" -H "${webhook.signatureHeader}: $sig" -d "$body"`,
  ].join('\n');
  return (
    <>
      <dl className="facts">
        <dt>URL</dt>
        <dd>
          <code className="wf-wrap">{webhook.url}</code> <CopyButton text={webhook.url} label="Copy URL" />
        </dd>
        <dt>Request</dt>
        <dd>POST with a JSON object body (empty means {'{}'}), which becomes the run’s input</dd>
        <dt>Secret</dt>
        <dd>
          {webhook.hasSecret
            ? 'Set. It was shown once, when it was created.'
            : 'None yet: every delivery is refused until you create one.'}
        </dd>
      </dl>
      {workflow.status !== 'active' && (
        <p className="muted">Deliveries start runs only while the workflow is active; it is {workflow.status} now.</p>
      )}
      <h3>Signing requests</h3>
      <p>
        Send <code>{webhook.timestampHeader}</code> with the current Unix time in seconds, and{' '}
        <code>{webhook.signatureHeader}</code> with <code>v1=</code> followed by the hex HMAC-SHA256 of{' '}
        <code>{'<timestamp>.<raw body>'}</code>, keyed with the secret. A delivery more than{' '}
        {webhook.toleranceSeconds / 60} minutes from the server’s clock is refused, and each signature is accepted once.
      </p>
      <pre className="json" aria-label="Example: signing a delivery with curl" tabIndex={0}>
        {example}
      </pre>
      <WebhookSecret workflowId={workflow.id} hasSecret={webhook.hasSecret} />
    </>
  );
}
