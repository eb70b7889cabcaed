import type { SendEmailConfig } from '../../../core/spec/node-configs';
import { loadConnector } from '../../../core/connectors/load-connector';
import type { NodeContext, NodeRunResult } from '../node-context';
import { NodeError } from '../../../core/run/node-error';
import { openSmtpTransport, permanentSmtpCodes, smtpFailure } from '../../../core/connectors/smtp-transport';
import { sampleAnswer } from './test-answer';

/** Sends the email through the owner's SMTP connector, to an address the outbound policy allows. */
export async function runSendEmail(config: SendEmailConfig, ctx: NodeContext): Promise<NodeRunResult> {
  const { config: smtp, secret } = await loadConnector(
    ctx.deps.models,
    ctx.deps.encryptionKeys,
    ctx.ownerId,
    config.connectorId,
    'smtp',
  );
  const to = config.to.map((t, i) => ctx.templates.renderText(t, `to.${i}`)).filter(Boolean);
  const cc = config.cc.map((t, i) => ctx.templates.renderText(t, `cc.${i}`)).filter(Boolean);
  if (to.length === 0)
    throw new NodeError('no recipient: every "to" template rendered empty', 'NodeConfigError', false);
  const subject = ctx.templates.renderText(config.subject, 'subject');
  const text = ctx.templates.renderText(config.text, 'text');
  const html = config.html ? ctx.templates.renderText(config.html, 'html') : undefined;
  if (ctx.test)
    return sampleAnswer(
      ctx,
      { kind: 'send_email', from: smtp.from, to, cc, subject, text, html: html ?? null },
      () => ({ messageId: `<test-${ctx.idempotencyKey}@test-run>`, accepted: [...to, ...cc] }),
    );

  const transport = await openSmtpTransport(smtp, secret, ctx.deps.outbound);
  ctx.log(`sending "${subject.slice(0, 80)}" to ${to.length + cc.length} recipient(s) via ${smtp.host}:${smtp.port}`);
  try {
    const info = await transport.sendMail({
      from: smtp.from,
      to,
      cc,
      subject,
      text,
      html,
    });
    return { output: { messageId: info.messageId, accepted: info.accepted.map(String) } };
  } catch (error) {
    const { code, message } = smtpFailure(error);
    throw new NodeError(message, code === 'EAUTH' ? 'SmtpAuth' : 'SmtpError', !permanentSmtpCodes.has(code));
  } finally {
    transport.close();
  }
}
