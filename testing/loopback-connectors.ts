import type { ServerResponse } from 'node:http';
import type { AppServices } from '../server/app-services';
import { startSmtpServer } from './fakes/smtp-server.fake';
import { createConnector } from './fixtures';
import { startHttpTestServer, type RecordedRequest } from './http-test-server';

/**
 * A loopback HTTP API that the test scripts (`answer`), a loopback SMTP server, and `ownerId`'s
 * connectors to them: an http connector at `<api>/api` (bearer auth with `bearerToken`, else none)
 * and an smtp connector sending as robot@acme.test. Both servers record what reaches them.
 */
export async function startLoopbackConnectors(
  services: AppServices,
  ownerId: string,
  options: {
    answer: (request: RecordedRequest, response: ServerResponse) => void;
    bearerToken?: string;
    smtpPassword: string;
  },
) {
  const api = await startHttpTestServer(options.answer);
  const smtp = await startSmtpServer({ username: 'mailer', password: options.smtpPassword });
  const key = services.config.APP_ENCRYPTION_KEY;
  const http = await createConnector(
    services.models,
    key,
    ownerId,
    'http',
    { baseUrl: `${api.url}/api`, headers: [], auth: options.bearerToken ? 'bearer' : 'none' },
    options.bearerToken ? { bearerToken: options.bearerToken } : {},
  );
  const mail = await createConnector(
    services.models,
    key,
    ownerId,
    'smtp',
    { host: '127.0.0.1', port: smtp.port, secure: false, username: 'mailer', from: 'robot@acme.test' },
    { password: options.smtpPassword },
  );
  return {
    api,
    smtp,
    ids: { http: http.id, smtp: mail.id },
    close: async () => {
      await api.close();
      await smtp.close();
    },
  };
}
export type LoopbackConnectors = Awaited<ReturnType<typeof startLoopbackConnectors>>;
