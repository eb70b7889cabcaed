import { request as httpRequest } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { migratedTestDatabase, type MigratedDatabase } from '../../testing/test-database';
import { startTestServer, testConfig, type TestServer } from '../../testing/test-server';
import { sessionCookieFrom, trpcMutation, trpcQuery, type HttpCall } from '../../testing/trpc-http';
import { failureDelayMs, loginLimits, waitMessage } from './login-limits.service';
import { badCredentialsMessage } from './login.service';
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
  // The test server sees the TCP peer: requests come from 127.0.0.1 unless `from` picks another
  // loopback address, which stands for another client (the owner's own device).
  const attacker = '127.0.0.1';
  const ownersDevice = '127.0.0.2';
  const { pair, account, address } = loginLimits;

  /** `count` failures of `email` from `ip` a second apart, the newest `secondsAgo` seconds old. */
  async function pastFailures(email: string, ip: string, count: number, secondsAgo: number) {
    const newest = Date.now() - secondsAgo * 1000;
    await db.models.LoginFailure.bulkCreate(
      Array.from({ length: count }, (_, i) => ({ email, ip, createdAt: new Date(newest - i * 1000) })),
    );
  }

  /** The wait a 429 asks for: the same in Retry-After and in the message. */
  function waitOf(response: HttpCall): number {
    expect(response.status).toBe(429);
    expect(response.body.error.data.code).toBe('TOO_MANY_REQUESTS');
    const seconds = Number(response.headers.get('retry-after'));
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(response.body.error.message).toBe(waitMessage(seconds));
    expect(response.body.error.data.details).toEqual({ retryAfterSeconds: seconds });
    return seconds;
  }

  it('slows an attacker who knows the email while the owner signs in from another address', async () => {
    for (let i = 0; i < pair.free; i++) expect((await login(ada.email, `guess ${i}`)).status).toBe(401);
    // Even the right password is refused from the attacker's address, so it cannot be probed.
    expect(waitOf(await login(ada.email, ada.password))).toBeLessThanOrEqual(pair.firstDelayMs / 1000);

    const owner = await trpcMutation(server.baseUrl, 'auth.login', ada, { from: ownersDevice });
    expect(owner.status).toBe(200);
    expect(sessionCookieFrom(owner.headers)).toBeDefined();
    // The owner's success clears the owner's pair only: the attacker still waits.
    waitOf(await login(ada.email, ada.password));
    expect(await db.models.Session.count()).toBe(1);
    expect(await db.models.LoginFailure.count({ where: { ip: attacker } })).toBe(pair.free);
  });

  it('doubles the delay with each further failure, up to a cap', () => {
    const delays = [2, 3, 4, 5, 8, 9, 50].map((failures) => failureDelayMs(failures, pair));
    expect(delays).toEqual([0, 5_000, 10_000, 20_000, 160_000, 300_000, 300_000]);
    expect(failureDelayMs(account.free - 1, account)).toBe(0);
    expect(failureDelayMs(account.free, account)).toBe(account.firstDelayMs);
  });

  it('makes the growing delay visible in Retry-After, counted from the latest failure', async () => {
    // Three failures, the latest 6 s ago: their 5 s have passed.
    await pastFailures(ada.email, attacker, 3, 6);
    expect((await login(ada.email, 'still a guess')).status).toBe(401);
    // That was the fourth, so the next waits 10 s from it.
    const fourth = waitOf(await login(ada.email, 'again'));
    expect(fourth).toBeGreaterThan(5);
    expect(fourth).toBeLessThanOrEqual(10);

    await db.models.LoginFailure.destroy({ where: {} });
    await pastFailures(ada.email, attacker, 8, 60); // 160 s from a failure 60 s ago
    const eighth = waitOf(await login(ada.email, ada.password));
    expect(eighth).toBeGreaterThan(90);
    expect(eighth).toBeLessThanOrEqual(100);
  });

  it('slows every address that failed on a hammered account, but not the owner on a clean one', async () => {
    // A botnet: many addresses, each under its own pair limit, together far past the account's.
    for (let i = 0; i < 2 * account.free; i++) await pastFailures(ada.email, `203.0.113.${i}`, 1, 1);
    await pastFailures(ada.email, '127.0.0.3', 1, 10);
    const wait = waitOf(await trpcMutation(server.baseUrl, 'auth.login', ada, { from: '127.0.0.3' }));
    expect(wait).toBeGreaterThan(account.maxDelayMs / 1000 - 60);
    expect(wait).toBeLessThanOrEqual(account.maxDelayMs / 1000 - 10);

    expect((await trpcMutation(server.baseUrl, 'auth.login', ada, { from: ownersDevice })).status).toBe(200);
  });

  it(`limits one address to ${address.max} failures across accounts (password spraying)`, async () => {
    await db.models.LoginFailure.bulkCreate(
      Array.from({ length: address.max }, (_, i) => ({ email: `user${i}@example.com`, ip: attacker })),
    );
    waitOf(await login(ada.email, ada.password));
    expect((await trpcMutation(server.baseUrl, 'auth.login', ada, { from: ownersDevice })).status).toBe(200);
  });

  it('counts parallel guesses from one address one at a time', async () => {
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => login(ada.email, `burst ${i}`)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(pair.free).fill(401), ...Array(20 - pair.free).fill(429)]);
    expect(await db.models.LoginFailure.count()).toBe(pair.free);
  });

  it('treats an unknown email like a known one, so the limit does not tell which exists', async () => {
    for (const email of [ada.email, 'nobody@example.com']) {
      for (let i = 0; i < pair.free; i++) expect((await login(email, `guess ${i}`)).status).toBe(401);
      expect(waitOf(await login(email, ada.password))).toBeLessThanOrEqual(pair.firstDelayMs / 1000);
    }
  });

  it('forgets failures after the window and clears only its own pair on success', async () => {
    await pastFailures(ada.email, attacker, 10, loginLimits.windowMs / 1000 + 1);
    await pastFailures(ada.email, '10.0.0.9', 2, 1);
    expect((await login(ada.email, ada.password)).status).toBe(200);
    expect(await db.models.LoginFailure.count({ where: { ip: attacker } })).toBe(0);
    expect(await db.models.LoginFailure.count({ where: { ip: '10.0.0.9' } })).toBe(2);
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
