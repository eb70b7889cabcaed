import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../core/db/models';
import { migratedTestDatabase, type MigratedDatabase } from '../../testing/test-database';
import { startTestServer, testConfig, type TestServer } from '../../testing/test-server';
import { type HttpCall, signInOverHttp } from '../../testing/trpc-http';
import { apiTokenHash, createApiToken, LAST_USED_RESOLUTION_MS } from './api-tokens.service';
import { bearerCredentials } from './bearer-header';
import { hashPassword } from '../../core/auth/password';

let db: MigratedDatabase;
let server: TestServer;
let ada: User;
let bo: User;
let adaCookie: string;
const password = 'correct horse battery';
const invalidToken = 'The API token is invalid, revoked or expired.';

beforeAll(async () => {
  db = await migratedTestDatabase();
  ada = await db.models.User.create({
    name: 'Ada Member',
    email: 'ada@example.com',
    password: await hashPassword(password),
    role: 'member',
  });
  bo = await db.models.User.create({ name: 'Bo Member', email: 'bo@example.com', password: 'unused', role: 'member' });
  server = await startTestServer(testConfig(db.url));
  adaCookie = await signInOverHttp(server.baseUrl, ada.email, password);
});
afterAll(async () => {
  await server.close();
  await db.drop();
});
afterEach(async () => {
  await db.models.ApiToken.destroy({ where: {} });
});

interface Headers {
  authorization?: string;
  cookie?: string;
  origin?: string;
}

/** A raw tRPC call with exactly the headers given: no Origin unless asked for. */
async function call(kind: 'query' | 'mutation', path: string, input: unknown, headers: Headers): Promise<HttpCall> {
  const query = kind === 'query' && input !== undefined ? `?input=${encodeURIComponent(JSON.stringify(input))}` : '';
  const init: RequestInit =
    kind === 'query'
      ? { headers: { ...headers } }
      : {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(input ?? null),
        };
  const response = await fetch(`${server.baseUrl}/trpc/${path}${query}`, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
/** Ada's browser: her session cookie and the app's Origin. */
const asAda = () => ({ cookie: adaCookie, origin: 'http://localhost:5173' });
const isoDate = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function expectInvalidToken(response: HttpCall) {
  expect(response.status).toBe(401);
  expect(response.body.error.data.code).toBe('UNAUTHORIZED');
  expect(response.body.error.message).toBe(invalidToken);
}

describe('apiTokens.create', () => {
  it('shows the token once and stores only its SHA-256 and its first 8 characters', async () => {
    const created = await call('mutation', 'apiTokens.create', { name: ' CI deploy ', expiresInDays: 30 }, asAda());
    expect(created.status).toBe(200);
    const { token, apiToken } = created.body.result.data;
    expect(token).toMatch(/^wfa_[a-z2-7]{32}$/);
    expect(apiToken).toEqual({
      id: expect.any(String),
      name: 'CI deploy',
      tokenPrefix: token.slice(0, 8),
      createdAt: expect.stringMatching(isoDate), // plain JSON: a Date arrives as its ISO string
      lastUsedAt: null,
      expiresAt: expect.stringMatching(isoDate),
      revokedAt: null,
    });
    expect(new Date(apiToken.expiresAt).getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 60 * 60 * 1000);

    const rows = await db.models.ApiToken.findAll({ raw: true });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(apiTokenHash(token));
    expect(rows[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(token.slice(8));

    const audit = await db.models.AuditLog.findAll({ where: { action: 'api_token.create' }, raw: true });
    expect(audit).toMatchObject([{ actorId: ada.id, resourceType: 'api_token', resourceId: apiToken.id }]);
    expect(JSON.stringify(audit)).not.toContain(token.slice(8));
    expect(JSON.stringify(audit)).not.toContain(rows[0]!.tokenHash);
  });

  it('refuses a blank name and an expiry out of range, with the fields at fault', async () => {
    const response = await call('mutation', 'apiTokens.create', { name: '  ', expiresInDays: 0 }, asAda());
    expect(response.status).toBe(400);
    expect(Object.keys(response.body.error.data.fieldErrors).sort()).toEqual(['expiresInDays', 'name']);
  });

  it('cannot be done with a token (403), nor can signing out', async () => {
    const { token } = await createApiToken(db.models, ada, { name: 'script' });
    const minted = await call('mutation', 'apiTokens.create', { name: 'minted' }, bearer(token));
    expect(minted.status).toBe(403);
    expect(minted.body.error.data.code).toBe('FORBIDDEN');
    expect(minted.body.error.message).toMatch(/API token cannot do it/);
    expect(await db.models.ApiToken.count()).toBe(1);

    const logout = await call('mutation', 'auth.logout', null, bearer(token));
    expect(logout.status).toBe(403);
    expect(logout.body.error.message).toMatch(/needs a signed-in session/);
  });
});

describe('Bearer authentication', () => {
  it('authenticates as the owner without a cookie, and a mutation needs no Origin', async () => {
    const { token } = await createApiToken(db.models, ada, { name: 'script' });
    const me = await call('query', 'auth.me', undefined, bearer(token));
    expect(me.status).toBe(200);
    expect(me.body.result.data).toEqual({ id: ada.id, name: ada.name, email: ada.email, role: 'member' });
    expect(me.headers.getSetCookie()).toEqual([]);

    const other = await createApiToken(db.models, ada, { name: 'old' });
    const revoked = await call('mutation', 'apiTokens.revoke', { id: other.apiToken.id }, bearer(token));
    expect(revoked.status).toBe(200);
    expect(revoked.body.result.data.revokedAt).toMatch(isoDate);
  });

  it('accepts the scheme in any case', async () => {
    const { token } = await createApiToken(db.models, ada, { name: 'script' });
    expect((await call('query', 'auth.me', undefined, { authorization: `bearer ${token}` })).status).toBe(200);
  });

  it('refuses a revoked token and an expired one with 401 and the message', async () => {
    const revoked = await createApiToken(db.models, ada, { name: 'revoked' });
    expect((await call('mutation', 'apiTokens.revoke', { id: revoked.apiToken.id }, asAda())).status).toBe(200);
    expectInvalidToken(await call('query', 'auth.me', undefined, bearer(revoked.token)));

    const expired = await createApiToken(db.models, ada, { name: 'expired', expiresInDays: 1 });
    expect((await call('query', 'auth.me', undefined, bearer(expired.token))).status).toBe(200);
    await db.models.ApiToken.update({ expiresAt: new Date(Date.now() - 1000) }, { where: { id: expired.apiToken.id } });
    expectInvalidToken(await call('query', 'auth.me', undefined, bearer(expired.token)));
  });

  it.each([
    ['garbage', 'Bearer garbage'],
    ['an empty token', 'Bearer '],
    ['a well-formed unknown token', `Bearer wfa_${'a'.repeat(32)}`],
    ['a session token', `Bearer ${'a'.repeat(32)}`],
  ])('refuses %s with 401 even beside a valid cookie, and leaves the cookie alone', async (_, authorization) => {
    const response = await call('query', 'auth.me', undefined, { authorization, cookie: adaCookie });
    expectInvalidToken(response);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect((await call('query', 'auth.me', undefined, { cookie: adaCookie })).status).toBe(200);
  });

  it('refuses a bad token on a mutation with 401, and changes nothing', async () => {
    const response = await call(
      'mutation',
      'apiTokens.create',
      { name: 'sneaky' },
      { authorization: 'Bearer nope', cookie: adaCookie },
    );
    expectInvalidToken(response);
    expect(await db.models.ApiToken.count()).toBe(0);
  });

  it('keeps the Origin check for cookie requests, whatever other Authorization scheme they carry', async () => {
    const response = await call(
      'mutation',
      'apiTokens.create',
      { name: 'csrf' },
      { authorization: 'Basic YTpi', cookie: adaCookie },
    );
    expect(response.status).toBe(403);
    expect(response.body.error.message).toMatch(/Refused a cross-site request/);
    expect(await db.models.ApiToken.count()).toBe(0);
  });

  it('records when a token was last used, at most once a minute', async () => {
    const { token, apiToken } = await createApiToken(db.models, ada, { name: 'script' });
    const lastUsed = async () => (await db.models.ApiToken.findByPk(apiToken.id))!.lastUsedAt;
    expect(await lastUsed()).toBeNull();

    const before = Date.now();
    expect((await call('query', 'auth.me', undefined, bearer(token))).status).toBe(200);
    const first = await lastUsed();
    expect(first!.getTime()).toBeGreaterThanOrEqual(before - 1000);

    const recent = new Date(Date.now() - LAST_USED_RESOLUTION_MS / 2);
    await db.models.ApiToken.update({ lastUsedAt: recent }, { where: { id: apiToken.id } });
    await call('query', 'auth.me', undefined, bearer(token));
    expect(await lastUsed()).toEqual(recent);

    await db.models.ApiToken.update(
      { lastUsedAt: new Date(Date.now() - LAST_USED_RESOLUTION_MS - 1000) },
      { where: { id: apiToken.id } },
    );
    await call('query', 'auth.me', undefined, bearer(token));
    expect((await lastUsed())!.getTime()).toBeGreaterThanOrEqual(before);
  });
});

describe('apiTokens.list and apiTokens.revoke', () => {
  it('lists my tokens, newest first, never with a token or a hash, by cookie or by token', async () => {
    const first = await createApiToken(db.models, ada, { name: 'first' });
    const second = await createApiToken(db.models, ada, { name: 'second' });
    await createApiToken(db.models, bo, { name: "bo's" });
    const hashes = (await db.models.ApiToken.findAll()).map((t) => t.tokenHash);

    for (const auth of [{ cookie: adaCookie }, bearer(second.token)]) {
      const list = await call('query', 'apiTokens.list', undefined, auth);
      expect(list.status).toBe(200);
      expect(list.body.result.data.map((t: { name: string }) => t.name)).toEqual(['second', 'first']);
      for (const item of list.body.result.data) {
        expect(Object.keys(item).sort()).toEqual([
          'createdAt',
          'expiresAt',
          'id',
          'lastUsedAt',
          'name',
          'revokedAt',
          'tokenPrefix',
        ]);
      }
      const text = JSON.stringify(list.body);
      for (const secret of [first.token, second.token, ...hashes]) expect(text).not.toContain(secret);
      expect(text).not.toContain(first.token.slice(8));
    }
  });

  it('answers NOT_FOUND when another member tries to revoke my token, which keeps working', async () => {
    const mine = await createApiToken(db.models, ada, { name: 'mine' });
    const bos = await createApiToken(db.models, bo, { name: "bo's" });
    const response = await call('mutation', 'apiTokens.revoke', { id: mine.apiToken.id }, bearer(bos.token));
    expect(response.status).toBe(404);
    expect(response.body.error.data.code).toBe('NOT_FOUND');
    expect((await db.models.ApiToken.findByPk(mine.apiToken.id))!.revokedAt).toBeNull();
    expect((await call('query', 'auth.me', undefined, bearer(mine.token))).status).toBe(200);
    expect(
      await db.models.AuditLog.count({ where: { action: 'api_token.revoke', resourceId: mine.apiToken.id } }),
    ).toBe(0);
  });

  it('revokes once, audits it, and answers the same when asked again', async () => {
    const { apiToken } = await createApiToken(db.models, ada, { name: 'once' });
    const first = await call('mutation', 'apiTokens.revoke', { id: apiToken.id }, asAda());
    const again = await call('mutation', 'apiTokens.revoke', { id: apiToken.id }, asAda());
    expect(first.status).toBe(200);
    expect(again.body.result.data).toEqual(first.body.result.data);
    expect(await db.models.AuditLog.count({ where: { action: 'api_token.revoke', resourceId: apiToken.id } })).toBe(1);
  });
});

describe('bearerCredentials', () => {
  it.each([
    [undefined, null],
    ['Basic YTpi', null],
    ['Bearerwfa_x', null],
    ['Bearer wfa_x', 'wfa_x'],
    ['BEARER   wfa_x  ', 'wfa_x'],
    ['Bearer', ''],
    ['Bearer a b', 'a b'],
  ])('reads %j as %j', (header, expected) => {
    expect(bearerCredentials(header)).toBe(expected);
  });
});
