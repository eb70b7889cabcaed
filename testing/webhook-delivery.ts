import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from '../core/webhooks/webhook-signature';

/**
 * POSTs `body` to a webhook URL (`…/hooks/:workflowId`) as a sender does: JSON, timestamped `at`
 * (now by default) and signed with `secret`; `signature` replaces the real one, to forge a delivery.
 */
export function postWebhook(
  url: string,
  secret: string,
  body: string,
  {
    at = Math.floor(Date.now() / 1000),
    contentType = 'application/json',
    signature,
  }: { at?: number; contentType?: string; signature?: string } = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      [TIMESTAMP_HEADER]: String(at),
      [SIGNATURE_HEADER]: signature ?? signWebhook(secret, at, body),
    },
    body,
  });
}
