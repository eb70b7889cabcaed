import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a delivery's timestamp may be from our clock; deliveries are remembered this long. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export const SIGNATURE_HEADER = 'x-webhook-signature';
export const TIMESTAMP_HEADER = 'x-webhook-timestamp';

/**
 * `v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`, keyed by a webhook secret: a trigger's
 * (deliveries to the API) or a failure alert's (the worker's deliveries, decision 0014).
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** Checks signature and freshness in constant time; the reason is safe to return to the caller. */
export function verifyWebhook(
  secret: string,
  timestampHeader: string | undefined,
  signatureHeader: string | undefined,
  body: string,
  now = Date.now(),
): SignatureCheck {
  if (!timestampHeader || !signatureHeader)
    return { ok: false, reason: `send the ${TIMESTAMP_HEADER} and ${SIGNATURE_HEADER} headers` };
  if (!/^\d{1,12}$/.test(timestampHeader)) return { ok: false, reason: `${TIMESTAMP_HEADER} must be Unix seconds` };
  const timestamp = Number(timestampHeader);
  if (Math.abs(now / 1000 - timestamp) > WEBHOOK_TOLERANCE_SECONDS) {
    return {
      ok: false,
      reason: `${TIMESTAMP_HEADER} is more than ${WEBHOOK_TOLERANCE_SECONDS} s from the server's clock`,
    };
  }
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signatureHeader.trim());
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: 'the signature does not match the body and timestamp' };
  return { ok: true };
}
