import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { repoRoot } from '../core/config/paths';
import type { User } from '../core/db/models';
import { callerFor } from '../testing/caller';
import { migratedTestDatabase, type MigratedDatabase } from '../testing/test-database';
import { startTestServer, testConfig, type TestServer } from '../testing/test-server';

let db: MigratedDatabase;
let server: TestServer;
let grace: User;
/** Grace, signed in, creating her tokens as the web client does. */
const asGrace = () => callerFor(server.services, grace);

beforeAll(async () => {
  db = await migratedTestDatabase();
  // Never signs in with a password here, so the hash need not be a real one.
  grace = await db.models.User.create({
    name: 'Grace Caller',
    email: 'grace@example.com',
    password: 'not-a-bcrypt-hash',
    role: 'member',
  });
  server = await startTestServer(testConfig(db.url));
});
afterAll(async () => {
  await server.close();
  await db.drop();
});

/** Runs the example as a separate process; asynchronously, since the API answers from this one. */
function callApi(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      join(repoRoot, 'node_modules', '.bin', 'tsx'),
      ['examples/call-api.ts'],
      { cwd: repoRoot, env: { ...process.env, ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

it('calls auth.me and system.info with an API token and prints who it is', async () => {
  const { token } = await asGrace().apiTokens.create({ name: 'example script' });
  const { code, stdout, stderr } = await callApi({ WFA_URL: server.baseUrl, WFA_TOKEN: token });
  expect(stderr).toBe('');
  expect(code).toBe(0);
  expect(stdout).toContain('Signed in as Grace Caller <grace@example.com> (member)');
  expect(stdout).toMatch(/^system\.info: \{"temporalUiUrl":"http/m);
});

it('exits non-zero with the UNAUTHORIZED message once the token is revoked', async () => {
  const { token, apiToken } = await asGrace().apiTokens.create({ name: 'soon revoked' });
  await asGrace().apiTokens.revoke({ id: apiToken.id });
  const { code, stdout, stderr } = await callApi({ WFA_URL: server.baseUrl, WFA_TOKEN: token });
  expect(code).toBe(1);
  expect(stdout).toBe('');
  expect(stderr.trim()).toBe('The API refused the call (UNAUTHORIZED): The API token is invalid, revoked or expired.');
});

it('says what to set when the environment is missing', async () => {
  const { code, stderr } = await callApi({ WFA_URL: '', WFA_TOKEN: '' });
  expect(code).toBe(2);
  expect(stderr).toMatch(/Set WFA_URL .* and WFA_TOKEN/);
});
