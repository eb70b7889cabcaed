import nodemailer from 'nodemailer';
import type { ConnectorConfig, ConnectorSecret } from './connector-configs';
import { resolveChecked } from './outbound/guarded-lookup';
import { OutboundBlockedError, type OutboundPolicy } from './outbound/safe-fetch';
import { NodeError } from '../run/node-error';

/** How long each SMTP phase may take; a connection test passes shorter ones. */
export interface SmtpTimeouts {
  connectionMs: number;
  greetingMs: number;
  socketMs: number;
}

const sendingTimeouts: SmtpTimeouts = { connectionMs: 15_000, greetingMs: 15_000, socketMs: 30_000 };

/**
 * A nodemailer transport to the connector's server, at an address the outbound policy allows: the
 * host is resolved and checked here and the transport connects to that exact address (no DNS
 * rebinding between check and connect), naming the host for TLS.
 */
export async function openSmtpTransport(
  smtp: ConnectorConfig<'smtp'>,
  secret: ConnectorSecret<'smtp'> | null,
  policy: OutboundPolicy,
  timeouts = sendingTimeouts,
) {
  let address: string;
  try {
    [{ address } = { address: '' }] = await resolveChecked(smtp.host, policy);
  } catch (error) {
    if (error instanceof OutboundBlockedError) throw new NodeError(error.message, 'OutboundBlocked', false);
    throw new NodeError(`cannot resolve SMTP host ${smtp.host}`, 'SmtpUnreachable', true);
  }
  return nodemailer.createTransport({
    host: address,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.username ? { user: smtp.username, pass: secret?.password ?? '' } : undefined,
    tls: { servername: smtp.host },
    connectionTimeout: timeouts.connectionMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
  });
}

/** SMTP answers retrying cannot fix: bad credentials, refused recipients, a malformed message. */
export const permanentSmtpCodes: ReadonlySet<string> = new Set(['EAUTH', 'EENVELOPE', 'EMESSAGE']);

/** A nodemailer failure as its code (EAUTH, ECONNECTION, ...) and one line to show. */
export function smtpFailure(error: unknown): { code: string; message: string } {
  const code = (error as { code?: string }).code ?? 'ESMTP';
  return { code, message: `SMTP ${code}: ${(error as Error).message}`.slice(0, 500) };
}
