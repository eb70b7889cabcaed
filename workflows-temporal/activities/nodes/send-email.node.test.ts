import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpServer, type FakeSmtpServer } from '../../../testing/fakes/smtp-server.fake';
import type { SendEmailConfig } from '../../../core/spec/node-configs';
import type { WorkflowSpec } from '../../../core/spec/spec.schema';
import type { User } from '../../../core/db/models';
import { createConnector, createOwner } from '../../../testing/fixtures';
import {
  runToEnd,
  startCustomWorker,
  startRunEnvironment,
  type RunEnvironment,
} from '../../../testing/run-environment';
import { parseOutboundAllowNetworks } from '../../../core/connectors/outbound/safe-fetch';

// send_email nodes through the real interpreter, against a real SMTP server on loopback.

const smtpPassword = 'smtp-secret-51f0c3a9e7';
const wrongPassword = 'not-the-password-93b7d1';
let env: RunEnvironment;
let smtp: FakeSmtpServer;
let good: string;
let badPassword: string;
// A secret's name is unique per owner, so the misconfigured connector belongs to a second member.
let careless: User;

const emailSpec = (config: Partial<SendEmailConfig> & { connectorId: string }): WorkflowSpec => ({
  trigger: { type: 'manual' },
  nodes: [
    {
      id: 'mail',
      type: 'send_email',
      name: 'Mail',
      config: { to: ['someone@acme.test'], cc: [], subject: 'Hello', text: 'Body', ...config },
    },
  ],
  edges: [],
});

beforeAll(async () => {
  env = await startRunEnvironment();
  smtp = await startSmtpServer({ username: 'mailer', password: smtpPassword });
  const { models, config } = env.services;
  const smtpConfig = { host: '127.0.0.1', port: smtp.port, secure: false, username: 'mailer', from: 'robot@acme.test' };
  good = (
    await createConnector(models, config.APP_ENCRYPTION_KEY, env.owner.id, 'smtp', smtpConfig, {
      password: smtpPassword,
    })
  ).id;
  careless = await createOwner(models, 'careless@example.com');
  badPassword = (
    await createConnector(models, config.APP_ENCRYPTION_KEY, careless.id, 'smtp', smtpConfig, {
      password: wrongPassword,
    })
  ).id;
});
afterAll(async () => {
  await smtp?.close();
  await env?.close();
});

describe('the send_email node', () => {
  it('sends to the rendered recipients with the rendered subject and body', async () => {
    const spec = emailSpec({
      connectorId: good,
      to: ['{{ trigger.customer.email }}', 'ledger@acme.test'],
      cc: ['{{ trigger.manager }}', '{{ trigger.nobody }}'],
      subject: 'Invoice {{ trigger.id }}: {{ trigger.amount }} EUR due',
      text: 'Dear {{ trigger.customer.name }}, please pay {{ trigger.amount }} EUR.',
    });
    const input = {
      id: 'INV-42',
      amount: 99.5,
      customer: { name: 'Ada', email: 'ada@customer.test' },
      manager: 'boss@acme.test',
    };
    const { run, outcome, task, logs, history } = await runToEnd(env.services, env.owner, spec, input);

    expect(outcome).toBe('completed');
    expect(run.runStatus).toBe('success');
    expect(task('mail')).toMatchObject({ taskStatus: 'success', attemptCount: 1 });
    const [mail] = await smtp.waitForMessages(1);
    expect(mail).toEqual({
      from: 'robot@acme.test',
      to: ['ada@customer.test', 'ledger@acme.test'],
      cc: ['boss@acme.test'], // the empty cc template is dropped
      subject: 'Invoice INV-42: 99.5 EUR due',
      text: 'Dear Ada, please pay 99.5 EUR.',
      html: null,
      auth: { username: 'mailer' },
    });
    expect(logs('mail').output).toEqual({
      messageId: expect.stringMatching(/^<.+@.+>$/),
      accepted: ['ada@customer.test', 'ledger@acme.test', 'boss@acme.test'],
    });
    expect(JSON.stringify(logs('mail'))).not.toContain(smtpPassword);
    expect(await history()).not.toContain(smtpPassword);
  });

  it('fails at once on a wrong password (EAUTH), and the password is in neither logs nor history', async () => {
    const received = smtp.messages.length;
    const spec = emailSpec({
      connectorId: badPassword,
      retry: { maximumAttempts: 4, initialIntervalSeconds: 0.1, backoffCoefficient: 1 },
    });
    const { run, outcome, task, logs, history } = await runToEnd(env.services, careless, spec);

    expect(outcome).toBe('failed: node mail failed');
    expect(run.runStatus).toBe('failed');
    expect(task('mail')).toMatchObject({ taskStatus: 'failed', attemptCount: 1 });
    expect(logs('mail').error).toMatchObject({
      type: 'SmtpAuth',
      retryable: false,
      message: expect.stringMatching(/^SMTP EAUTH: .*535/),
    });
    expect(smtp.messages.length).toBe(received);
    const historyText = await history();
    expect(historyText).toContain('SMTP EAUTH'); // sanity: the failure itself is in history
    // Also as AUTH PLAIN / AUTH LOGIN put it on the wire, in case an SMTP transcript were logged.
    const encoded = [
      Buffer.from(`\0mailer\0${wrongPassword}`).toString('base64'),
      Buffer.from(wrongPassword).toString('base64'),
    ];
    for (const secret of [wrongPassword, smtpPassword, ...encoded]) {
      expect(JSON.stringify(logs('mail'))).not.toContain(secret);
      expect(historyText).not.toContain(secret);
    }
  });

  it('refuses an SMTP host outside the outbound policy without retrying', async () => {
    // The suite's worker allows loopback; this one allows public addresses only, as production does.
    const strict = await startCustomWorker(env.services, { outbound: parseOutboundAllowNetworks('') });
    try {
      const received = smtp.messages.length;
      const spec = emailSpec({
        connectorId: good,
        retry: { maximumAttempts: 4, initialIntervalSeconds: 0.1, backoffCoefficient: 1 },
      });
      const { run, task, logs } = await runToEnd(strict.services, env.owner, spec);

      expect(run.runStatus).toBe('failed');
      expect(task('mail')).toMatchObject({ taskStatus: 'failed', attemptCount: 1 });
      expect(logs('mail').error).toMatchObject({
        type: 'OutboundBlocked',
        retryable: false,
        message: expect.stringContaining('127.0.0.1'),
      });
      expect(smtp.messages.length).toBe(received);
    } finally {
      await strict.stop();
    }
  });
});
