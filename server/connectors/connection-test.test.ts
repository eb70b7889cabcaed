import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../core/db/models';
import { callerFor } from '../../testing/caller';
import { listenOnLoopback, sendJson, type LoopbackServer } from '../../testing/fakes/fake-http';
import { startGoogleSheetsServer, type FakeGoogleSheetsServer } from '../../testing/fakes/google-sheets.fake';
import { startOpenAiServer, type FakeOpenAiServer } from '../../testing/fakes/openai.fake';
import { startSmtpServer, type FakeSmtpServer } from '../../testing/fakes/smtp-server.fake';
import { freePort } from '../../testing/free-port';
import { migratedTestDatabase, type MigratedDatabase } from '../../testing/test-database';
import { startTestServer, testConfig, type TestServer } from '../../testing/test-server';
import { createOwner } from '../../testing/fixtures';
import { testConnection } from './connection-test.service';

// "Test connection" against real servers on loopback (allowed by this file's OUTBOUND_ALLOW_NETWORKS):
// a plain HTTP server, an SMTP server, Google's token endpoint and an OpenAI-protocol server.

let db: MigratedDatabase;
let server: TestServer;
let owner: User;
let web: LoopbackServer;
const webRequests: Array<{ path: string; authorization: string | undefined }> = [];
let smtp: FakeSmtpServer;
let google: FakeGoogleSheetsServer;
let openai: FakeOpenAiServer;

const bearer = 'tok-web-51c8e2';
const smtpPassword = 'smtp-right-pass';
const apiKey = 'sk-conn-test-9e4f11aa';
const caller = () => callerFor(server.services, owner);

beforeAll(async () => {
  db = await migratedTestDatabase();
  server = await startTestServer(testConfig(db.url, { OUTBOUND_ALLOW_NETWORKS: 'loopback' }));
  owner = await createOwner(server.services.models);
  web = await listenOnLoopback((request, response) => {
    webRequests.push({ path: request.url ?? '', authorization: request.headers.authorization });
    if (request.url === '/moved') return void response.writeHead(302, { location: '/open' }).end();
    const allowed = request.url === '/open' || request.headers.authorization === `Bearer ${bearer}`;
    sendJson(response, allowed ? 200 : 401, { ok: allowed });
  });
  smtp = await startSmtpServer({ username: 'robot', password: smtpPassword });
  google = await startGoogleSheetsServer();
  openai = await startOpenAiServer({ apiKey });
});
afterAll(async () => {
  await Promise.all([web?.close(), smtp?.close(), google?.close(), openai?.close()]);
  await server?.close();
  await db?.drop();
});

const http = (
  config: Record<string, unknown> = {},
  secret: Record<string, unknown> | null = { bearerToken: bearer },
) => ({
  type: 'http' as const,
  config: { baseUrl: `${web.url}/api`, auth: 'bearer', ...config },
  secret,
});
const smtpDraft = (password: string) => ({
  type: 'smtp' as const,
  config: { host: smtp.host, port: smtp.port, username: 'robot', from: 'robot@example.com' },
  secret: { password },
});
const sheetsDraft = (privateKey = google.serviceAccount.private_key, tokenUri = google.serviceAccount.token_uri) => ({
  type: 'google_sheets' as const,
  config: { clientEmail: google.serviceAccount.client_email, tokenUri, apiRoot: google.url },
  secret: { privateKey },
});
const openAiDraft = (key: string) => ({
  type: 'openai' as const,
  config: { baseUrl: `${openai.url}/v1` },
  secret: { apiKey: key },
});

describe('connectors.test', () => {
  it("http: GETs the base URL with the connector's auth; any answer is reachable, and the status is told", async () => {
    const passed = await caller().connectors.test(http());
    expect(passed).toEqual({ ok: true, message: `${web.url}/api answered HTTP 200`, latencyMs: expect.any(Number) });
    expect(webRequests.at(-1)).toEqual({ path: '/api', authorization: `Bearer ${bearer}` });

    const refused = await caller().connectors.test(http({}, { bearerToken: 'tok-wrong-0000' }));
    expect(refused).toMatchObject({
      ok: true,
      message: `${web.url}/api answered HTTP 401: it refused the credentials`,
    });
  });

  it('http: a closed port, and an address the outbound policy refuses, are ok:false with the reason', async () => {
    const closed = await caller().connectors.test(http({ baseUrl: `http://127.0.0.1:${await freePort()}/` }));
    expect(closed).toMatchObject({ ok: false, message: expect.stringMatching(/failed \(ECONNREFUSED\)/) });

    const publicOnly = {
      ...server.services,
      config: { ...server.services.config, OUTBOUND_ALLOW_NETWORKS: undefined },
    };
    const before = webRequests.length;
    const blocked = await testConnection(publicOnly, owner, http());
    expect(blocked).toMatchObject({
      ok: false,
      message: expect.stringMatching(
        /refused: 127\.0\.0\.1 is in the loopback range.*OUTBOUND_ALLOW_NETWORKS=loopback/,
      ),
    });
    expect(webRequests.length).toBe(before);
  });

  it('http: a redirect away from the base URL is not followed, so the credentials stay there', async () => {
    const before = webRequests.length;
    const moved = await caller().connectors.test(http({ baseUrl: `${web.url}/moved` }));
    expect(moved).toMatchObject({
      ok: false,
      message: expect.stringContaining(`redirected to ${web.url}/open, outside ${web.url}/moved`),
    });
    expect(webRequests.slice(before)).toEqual([{ path: '/moved', authorization: `Bearer ${bearer}` }]);
  });

  it('smtp: signs in with the password, and reports a wrong one without repeating it', async () => {
    expect(await caller().connectors.test(smtpDraft(smtpPassword))).toMatchObject({
      ok: true,
      message: `${smtp.host}:${smtp.port} accepted the connection and the sign-in of robot`,
    });
    const wrong = await caller().connectors.test(smtpDraft('smtp-wrong-pass'));
    expect(wrong).toMatchObject({ ok: false, message: expect.stringMatching(/^SMTP EAUTH: .*535/) });
    expect(wrong.message).not.toContain('smtp-wrong-pass');
    expect(smtp.messages).toEqual([]);
  });

  it('google_sheets: exchanges a fresh JWT for a token every time; a key the endpoint rejects fails', async () => {
    const tokenCalls = () => google.requests.filter((r) => r.path === '/token').length;
    const before = tokenCalls();
    expect(await caller().connectors.test(sheetsDraft())).toMatchObject({
      ok: true,
      message: `${new URL(google.url).host} issued an access token to ${google.serviceAccount.client_email}`,
    });
    expect(await caller().connectors.test(sheetsDraft())).toMatchObject({ ok: true });
    expect(tokenCalls() - before).toBe(2);

    const strangerKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(await caller().connectors.test(sheetsDraft(strangerKey))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Google answered 400: /),
    });
    expect(await caller().connectors.test(sheetsDraft('not a key'))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/private key cannot sign/),
    });
    const notGoogle = await caller().connectors.test(sheetsDraft(undefined, `${web.url}/open`));
    expect(notGoogle).toMatchObject({
      ok: false,
      message: `the token endpoint ${new URL(web.url).host} answered without an access token`,
    });
  });

  it("openai: lists the models with the API key; a wrong key is the endpoint's 401", async () => {
    expect(await caller().connectors.test(openAiDraft(apiKey))).toMatchObject({
      ok: true,
      message: `${openai.url}/v1 listed 1 model(s)`,
    });
    const wrong = await caller().connectors.test(openAiDraft('sk-wrong-key-123456'));
    expect(wrong).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^the endpoint answered 401 Incorrect API key/),
    });
    expect(wrong.message).not.toContain('sk-wrong-key-123456');

    const publicOnly = {
      ...server.services,
      config: { ...server.services.config, OUTBOUND_ALLOW_NETWORKS: undefined },
    };
    expect(await testConnection(publicOnly, owner, openAiDraft(apiKey))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/is in the loopback range/),
    });
  });

  it('tests a saved connector as stored, or with unsaved changes, saving nothing', async () => {
    const saved = await caller().connectors.create({ name: 'Mail', ...smtpDraft('smtp-stale-pass') });
    const payload = async () =>
      (await server.services.models.Secret.findOne({ where: { name: `connector:${saved.id}` } }))!.encryptedPayload;
    const stored = await payload();

    expect(await caller().connectors.test({ connectorId: saved.id })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/EAUTH/),
    });
    expect(await caller().connectors.test({ connectorId: saved.id, secret: { password: smtpPassword } })).toMatchObject(
      { ok: true },
    );
    expect(
      await caller().connectors.test({
        connectorId: saved.id,
        config: { host: smtp.host, port: await freePort(), username: 'robot', from: 'robot@example.com' },
      }),
    ).toMatchObject({ ok: false });
    expect(await payload()).toBe(stored);
    expect(await caller().connectors.get({ connectorId: saved.id })).toMatchObject({ config: { port: smtp.port } });

    const audit = await server.services.models.AuditLog.findAll({
      where: { action: 'connector.test', resourceId: saved.id },
      order: [['createdAt', 'ASC']],
      raw: true,
    });
    expect(audit.map((a) => a.details)).toEqual([
      { type: 'smtp', name: 'Mail', unsaved: false, ok: false, latencyMs: expect.any(Number) },
      { type: 'smtp', name: 'Mail', unsaved: true, ok: true, latencyMs: expect.any(Number) },
      { type: 'smtp', name: 'Mail', unsaved: true, ok: false, latencyMs: expect.any(Number) },
    ]);
    expect(JSON.stringify(audit)).not.toContain(smtpPassword);
    expect(JSON.stringify(audit)).not.toContain('smtp-stale-pass');
  });

  it("records a draft's test without a resource id, and keeps no draft", async () => {
    const connectors = await server.services.models.Connector.count();
    await caller().connectors.test(openAiDraft(apiKey));
    expect(await server.services.models.Connector.count()).toBe(connectors);
    const last = await server.services.models.AuditLog.findOne({
      where: { action: 'connector.test' },
      order: [['createdAt', 'DESC']],
      raw: true,
    });
    expect(last).toMatchObject({
      actorId: owner.id,
      resourceType: 'connector',
      resourceId: null,
      details: { type: 'openai', unsaved: true, ok: true },
    });
    expect(JSON.stringify(last)).not.toContain(apiKey);
  });

  it('refuses invalid settings before any outbound call, recording nothing', async () => {
    const requests = webRequests.length;
    const audits = await server.services.models.AuditLog.count();
    await expect(caller().connectors.test(http({}, null))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/secret\.bearerToken: required/),
    });
    await expect(caller().connectors.test(http({ baseUrl: 'gopher://127.0.0.1/' }))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(webRequests.length).toBe(requests);
    expect(await server.services.models.AuditLog.count()).toBe(audits);
  });
});
