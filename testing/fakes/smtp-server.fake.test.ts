import { createTransport } from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { startSmtpServer } from './smtp-server.fake';

function transportTo(server: { host: string; port: number }, auth?: { user: string; pass: string }) {
  return createTransport({ host: server.host, port: server.port, secure: false, ...(auth ? { auth } : {}) });
}

describe('fake SMTP server', () => {
  it('receives and parses a message sent by nodemailer with valid credentials', async () => {
    const server = await startSmtpServer({ username: 'mailer', password: 's3cret' });
    try {
      await transportTo(server, { user: 'mailer', pass: 's3cret' }).sendMail({
        from: '"Workflow Bot" <bot@example.test>',
        to: ['alice@example.test', 'Bob <bob@example.test>'],
        cc: 'carol@example.test',
        subject: 'Weekly report',
        text: 'Plain body',
        html: '<p>HTML body</p>',
      });
      const [mail] = await server.waitForMessages(1);
      expect(mail).toEqual({
        from: 'bot@example.test',
        to: ['alice@example.test', 'bob@example.test'],
        cc: ['carol@example.test'],
        subject: 'Weekly report',
        text: 'Plain body',
        html: '<p>HTML body</p>',
        auth: { username: 'mailer' },
      });
    } finally {
      await server.close();
    }
  });

  it('refuses wrong credentials with 535, which nodemailer reports as an error', async () => {
    const server = await startSmtpServer({ username: 'mailer', password: 's3cret' });
    try {
      const sending = transportTo(server, { user: 'mailer', pass: 'wrong' }).sendMail({
        from: 'bot@example.test',
        to: 'alice@example.test',
        subject: 'x',
        text: 'x',
      });
      await expect(sending).rejects.toMatchObject({ responseCode: 535, code: 'EAUTH' });
      expect(server.messages).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('refuses unauthenticated mail when credentials are configured', async () => {
    const server = await startSmtpServer({ username: 'mailer', password: 's3cret' });
    try {
      const sending = transportTo(server).sendMail({ from: 'bot@example.test', to: 'a@example.test', text: 'x' });
      await expect(sending).rejects.toMatchObject({ responseCode: 530 });
      expect(server.messages).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('accepts anonymous mail when no credentials are configured, text-only as html null', async () => {
    const server = await startSmtpServer();
    try {
      await transportTo(server).sendMail({
        from: 'bot@example.test',
        to: 'a@example.test',
        subject: 'Hi',
        text: 'Hello',
      });
      const [mail] = await server.waitForMessages(1);
      expect(mail).toMatchObject({
        from: 'bot@example.test',
        to: ['a@example.test'],
        cc: [],
        text: 'Hello',
        html: null,
        auth: null,
      });
    } finally {
      await server.close();
    }
  });

  it('waitForMessages rejects after its timeout when too few messages arrive', async () => {
    const server = await startSmtpServer();
    try {
      await expect(server.waitForMessages(1, 50)).rejects.toThrow(/expected 1 message/);
    } finally {
      await server.close();
    }
  });
});
