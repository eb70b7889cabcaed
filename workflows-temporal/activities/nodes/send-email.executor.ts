import nodemailer from 'nodemailer';
import type { SendEmailConfig } from '../../spec/node-configs';
import { loadConnector } from '../connector-access';
import { resolveChecked } from '../net/guarded-lookup';
import { OutboundBlockedError } from '../net/safe-fetch';
import type { NodeContext, NodeRunResult } from '../node-context';
import { NodeError } from '../node-error';
import { renderText } from './render';

// SMTP answers retrying cannot fix: bad credentials, refused recipients, a malformed message.
const permanentCodes = new Set(['EAUTH', 'EENVELOPE', 'EMESSAGE']);

/** Sends the email through the owner's SMTP connector, to an address the outbound policy allows. */
export async function runSendEmail(config: SendEmailConfig, ctx: NodeContext): Promise<NodeRunResult> {
  const { config: smtp, secret } = await loadConnector(ctx.deps.models, ctx.deps.encryptionKeys, ctx.ownerId, config.connectorId, 'smtp');
  const to = config.to.map((t, i) => renderText(t, ctx.scope, `to.${i}`)).filter(Boolean);
  const cc = config.cc.map((t, i) => renderText(t, ctx.scope, `cc.${i}`)).filter(Boolean);
  if (to.length === 0) throw new NodeError('no recipient: every "to" template rendered empty', 'NodeConfigError', false);

  // Resolve and check the server ourselves, then connect to that exact address (no rebinding).
  let address: string;
  try {
    [{ address } = { address: '' }] = await resolveChecked(smtp.host, ctx.deps.outbound);
  } catch (error) {
    if (error instanceof OutboundBlockedError) throw new NodeError(error.message, 'OutboundBlocked', false);
    throw new NodeError(`cannot resolve SMTP host ${smtp.host}`, 'SmtpUnreachable', true);
  }
  const transport = nodemailer.createTransport({
    host: address,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.username ? { user: smtp.username, pass: secret?.password ?? '' } : undefined,
    tls: { servername: smtp.host },
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  ctx.log(`sending "${renderText(config.subject, ctx.scope, 'subject').slice(0, 80)}" to ${to.length + cc.length} recipient(s) via ${smtp.host}:${smtp.port}`);
  try {
    const info = await transport.sendMail({
      from: smtp.from,
      to,
      cc,
      subject: renderText(config.subject, ctx.scope, 'subject'),
      text: renderText(config.text, ctx.scope, 'text'),
      html: config.html ? renderText(config.html, ctx.scope, 'html') : undefined,
    });
    return { output: { messageId: info.messageId, accepted: info.accepted.map(String) } };
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'ESMTP';
    const message = `SMTP ${code}: ${(error as Error).message}`.slice(0, 500);
    throw new NodeError(message, code === 'EAUTH' ? 'SmtpAuth' : 'SmtpError', !permanentCodes.has(code));
  } finally {
    transport.close();
  }
}
