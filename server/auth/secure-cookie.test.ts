import { afterAll, beforeAll, expect, it } from 'vitest';
import { migratedTestDatabase, type MigratedDatabase } from '../../testing/test-database';
import { startTestServer, testConfig, type TestServer } from '../../testing/test-server';
import { trpcMutation } from '../../testing/trpc-http';
import { hashPassword } from '../../core/auth/password';
import { cookieIsSecure } from './session-cookie';

// Its own file: Sequelize models are process-wide classes bound to one instance at a time.
let db: MigratedDatabase;
let server: TestServer;
const publicUrl = 'https://agent.example.com';

beforeAll(async () => {
  db = await migratedTestDatabase();
  await db.models.User.create({
    name: 'Bo',
    email: 'bo@example.com',
    password: await hashPassword('pass phrase 1'),
    role: 'member',
  });
  server = await startTestServer(testConfig(db.url, { PUBLIC_URL: publicUrl }));
});
afterAll(async () => {
  await server.close();
  await db.drop();
});

it('is Secure everywhere but on localhost', () => {
  expect(cookieIsSecure('http://localhost:5173')).toBe(false);
  expect(cookieIsSecure('http://127.0.0.1:3000')).toBe(false);
  expect(cookieIsSecure(publicUrl)).toBe(true);
  expect(cookieIsSecure('http://intranet.example:8080')).toBe(true);
});

it('marks the session cookie Secure when PUBLIC_URL is not localhost, and checks Origin against it', async () => {
  const credentials = { email: 'bo@example.com', password: 'pass phrase 1' };
  expect((await trpcMutation(server.baseUrl, 'auth.login', credentials)).status).toBe(403); // localhost origin is foreign here
  const response = await trpcMutation(server.baseUrl, 'auth.login', credentials, { origin: publicUrl });
  expect(response.status).toBe(200);
  expect(response.headers.getSetCookie().find((c) => c.startsWith('wfa_session='))).toMatch(
    /; HttpOnly.*; Secure|; Secure.*; HttpOnly/,
  );
});
