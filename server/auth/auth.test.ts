import { request as httpRequest } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { migratedTestDatabase, type MigratedDatabase } from '../../testing/test-database';
import { startTestServer, testConfig, type TestServer } from '../../testing/test-server';
import { sessionCookieFrom, trpcMutation, trpcQuery } from '../../testing/trpc-http';
import { badCredentialsMessage, loginLimits } from './login.service';
import { hashPassword } from '../../core/auth/password';
import { deleteExpiredSessions, SESSION_LIFETIME_MS, sessionIdFromToken } from './session.service';

let db: MigratedDatabase;
let server: TestServer;
const ada = { name: 'Ada Member', email: 'ada@example.com', password: 'correct horse battery' };

beforeAll(async () => {
  db = await migratedTestDatabase();
  await db.models.User.create({
    name: ada.name,
    email: ada.email,
    password: await hashPassword(ada.password),
    role: 'member',
  });
  server = await startTestServer(testConfig(db.url));
});
afterAll(async () => {
  await server.close();
  await db.drop();
});
afterEach(async () => {
  await db.models.Session.destroy({ where: {} });
  await db.models.LoginFailure.destroy({ where: {} });
});

const login = (email: string, password: string, origin?: string | null) =>
  trpcMutation(server.baseUrl, 'auth.login', { email, password }, origin === undefined ? {} : { origin });

/** Everything a failed request must leave untouched. */
async function durableState() {
  const raw = { raw: true, order: [['id', 'ASC']] as [string, string][] };
  return { users: await db.models.User.findAll(raw), sessions: await db.models.Session.findAll(raw) };
}

describe('auth.login', () => {
  it('signs in, sets an httpOnly SameSite=Lax cookie and stores only the hash of its token', async () => {
    const response = await login(ada.email, ada.password);
    expect(response.status).toBe(200);
    expect(response.body.result.data.user).toEqual({
      id: expect.any(String),
      name: ada.name,
      email: ada.email,
      role: 'member',
    });
    expect(JSON.stringify(response.body)).not.toMatch(/password|\$2[aby]\$/);

    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('wfa_session='))!;
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Lax/);
    expect(setCookie).toMatch(/; Path=\//);
    expect(setCookie).not.toMatch(/; Secure/); // PUBLIC_URL is localhost
    const token = sessionCookieFrom(response.headers)!.split('=')[1]!;
    expect(token).toMatch(/^[a-z2-7]{32}$/);

    const sessions = await db.models.Session.findAll();
    expect(sessions.map((s) => s.id)).toEqual([sessionIdFromToken(token)]);
    expect(sessions[0]!.id).not.toContain(token);
    expect(sessions[0]!.expiresAt.getTime()).toBeGreaterThan(Date.now() + SESSION_LIFETIME_MS - 60_000);
  });

  it('accepts the email in any case and with surrounding spaces', async () => {
    expect((await login(`  ${ada.email.toUpperCase()} `, ada.password)).status).toBe(400); // not an email once padded
    expect((await login(ada.email.toUpperCase(), ada.password)).status).toBe(200);
  });

  it('answers a wrong password and an unknown email with the same message, changing nothing', async () => {
    const before = await durableState();
    const wrongPassword = await login(ada.email, 'not the password');
    const unknownEmail = await login('nobody@example.com', ada.password);
    for (const response of [wrongPassword, unknownEmail]) {
      expect(response.status).toBe(401);
      expect(response.body.error.message).toBe(badCredentialsMessage);
      expect(response.body.error.data.code).toBe('UNAUTHORIZED');
      expect(sessionCookieFrom(response.headers)).toBeUndefined();
    }
    expect(await durableState()).toEqual(before);
  });

  it('refuses a malformed request with the fields at fault', async () => {
    const response = await trpcMutation(server.baseUrl, 'auth.login', { email: 'not-an-email', password: '' });
    expect(response.status).toBe(400);
    expect(response.body.error.data.code).toBe('BAD_REQUEST');
    expect(Object.keys(response.body.error.data.fieldErrors).sort()).toEqual(['email', 'password']);
  });

  it('refuses an oversized body with 413 before reading it', async () => {
    // A connection of its own: the server answers early and closes it, so it must not be pooled.
    const body = JSON.stringify({ email: ada.email, password: 'x'.repeat(1024 * 1024 + 1) });
    const response = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpRequest(`${server.baseUrl}/trpc/auth.login`, {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          origin: 'http://localhost:5173',
          'content-length': Buffer.byteLength(body),
        },
      });
      request.on('response', (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk)).on('end', () => resolve({ status: res.statusCode!, body: text }));
      });
      request.on('error', reject);
      request.end(body);
    });
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body).error.data.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('sign-in attempt limits', () => {
  it(`locks an account after ${loginLimits.perAccount} failures, even for the right password`, async () => {
    for (let i = 0; i < loginLimits.perAccount; i++) expect((await login(ada.email, `guess ${i}`)).status).toBe(401);
    const locked = await login(ada.email, ada.password);
    expect(locked.status).toBe(429);
    expect(locked.body.error.data.code).toBe('TOO_MANY_REQUESTS');
    expect(locked.body.error.message).toMatch(/Too many failed sign-in attempts/);
    expect(await db.models.Session.count()).toBe(0);
  });

  it(`limits one address to ${loginLimits.perAddress} failures across accounts`, async () => {
    await db.models.LoginFailure.bulkCreate(
      Array.from({ length: loginLimits.perAddress }, (_, i) => ({ email: `user${i}@example.com`, ip: '127.0.0.1' })),
    );
    expect((await login(ada.email, ada.password)).status).toBe(429);
  });

  it('forgets old failures after the window and clears the count on success', async () => {
    const old = new Date(Date.now() - loginLimits.windowMs - 1000);
    await db.models.LoginFailure.bulkCreate(
      Array.from({ length: loginLimits.perAccount }, () => ({ email: ada.email, ip: '10.0.0.9', createdAt: old })),
    );
    expect((await login(ada.email, ada.password)).status).toBe(200);
    expect(await db.models.LoginFailure.count({ where: { email: ada.email } })).toBe(0);
  });
});

describe('sessions', () => {
  async function signedIn() {
    const cookie = sessionCookieFrom((await login(ada.email, ada.password)).headers)!;
    return { cookie, id: sessionIdFromToken(cookie.split('=')[1]!) };
  }

  it('auth.me answers the signed-in user and refuses a missing or unknown cookie', async () => {
    const { cookie } = await signedIn();
    const me = await trpcQuery(server.baseUrl, 'auth.me', { cookie });
    expect(me.status).toBe(200);
    expect(me.body.result.data.email).toBe(ada.email);

    const missing = await trpcQuery(server.baseUrl, 'auth.me');
    expect(missing.status).toBe(401);
    expect(missing.body.error.message).toMatch(/not signed in/);

    const forged = await trpcQuery(server.baseUrl, 'auth.me', {
      cookie: 'wfa_session=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    });
    expect(forged.status).toBe(401);
    expect(forged.headers.getSetCookie().join()).toMatch(/wfa_session=; Max-Age=0/);
  });

  it('extends a session used in the second half of its life (sliding expiry)', async () => {
    const { cookie, id } = await signedIn();
    await db.models.Session.update({ expiresAt: new Date(Date.now() + 24 * 60 * 60 * 1000) }, { where: { id } });
    const me = await trpcQuery(server.baseUrl, 'auth.me', { cookie });
    expect(me.status).toBe(200);
    expect(sessionCookieFrom(me.headers)).toBe(cookie);
    const session = await db.models.Session.findByPk(id);
    expect(session!.expiresAt.getTime()).toBeGreaterThan(Date.now() + SESSION_LIFETIME_MS - 60_000);
  });

  it('does not extend a fresh session on every request', async () => {
    const { cookie } = await signedIn();
    const me = await trpcQuery(server.baseUrl, 'auth.me', { cookie });
    expect(me.headers.getSetCookie()).toEqual([]);
  });

  it('refuses and deletes an expired session', async () => {
    const { cookie, id } = await signedIn();
    await db.models.Session.update({ expiresAt: new Date(Date.now() - 1000) }, { where: { id } });
    expect((await trpcQuery(server.baseUrl, 'auth.me', { cookie })).status).toBe(401);
    expect(await db.models.Session.findByPk(id)).toBeNull();
  });

  it('auth.logout deletes the session and clears the cookie', async () => {
    const { cookie, id } = await signedIn();
    const out = await trpcMutation(server.baseUrl, 'auth.logout', null, { cookie });
    expect(out.status).toBe(200);
    expect(out.body.result.data).toEqual({ signedOut: true });
    expect(out.headers.getSetCookie().join()).toMatch(/wfa_session=; Max-Age=0/);
    expect(await db.models.Session.findByPk(id)).toBeNull();
    expect((await trpcQuery(server.baseUrl, 'auth.me', { cookie })).status).toBe(401);
  });

  it('auth.logout without a session is refused', async () => {
    const out = await trpcMutation(server.baseUrl, 'auth.logout', null);
    expect(out.status).toBe(401);
  });
});

describe('Origin check on state-changing requests', () => {
  it.each([
    ['a foreign origin', 'https://evil.example'],
    ['no Origin header', null],
    ['a look-alike origin', 'http://localhost:5173.evil.example'],
  ])('refuses %s with 403 and changes nothing', async (_, origin) => {
    const before = await durableState();
    const response = await login(ada.email, ada.password, origin);
    expect(response.status).toBe(403);
    expect(response.body.error.data.code).toBe('FORBIDDEN');
    expect(response.body.error.message).toMatch(/Refused a cross-site request/);
    expect(sessionCookieFrom(response.headers)).toBeUndefined();
    expect(await durableState()).toEqual(before);
    expect(await db.models.LoginFailure.count()).toBe(0);
  });

  it('refuses a cross-site sign-out, so the session survives', async () => {
    const cookie = sessionCookieFrom((await login(ada.email, ada.password)).headers)!;
    const out = await trpcMutation(server.baseUrl, 'auth.logout', null, { cookie, origin: 'https://evil.example' });
    expect(out.status).toBe(403);
    expect((await trpcQuery(server.baseUrl, 'auth.me', { cookie })).status).toBe(200);
  });

  it('accepts the loopback twin of a localhost PUBLIC_URL', async () => {
    expect((await login(ada.email, ada.password, 'http://127.0.0.1:5173')).status).toBe(200);
  });
});

describe('the session sweep', () => {
  it('deletes expired sessions and keeps live ones', async () => {
    const live = sessionCookieFrom((await login(ada.email, ada.password)).headers)!;
    const stale = sessionCookieFrom((await login(ada.email, ada.password)).headers)!;
    const staleId = sessionIdFromToken(stale.split('=')[1]!);
    await db.models.Session.update({ expiresAt: new Date(Date.now() - 1000) }, { where: { id: staleId } });
    expect(await deleteExpiredSessions(db.models)).toBe(1);
    expect(await db.models.Session.findByPk(staleId)).toBeNull();
    expect(await db.models.Session.findByPk(sessionIdFromToken(live.split('=')[1]!))).not.toBeNull();
  });
});
