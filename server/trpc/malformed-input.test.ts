import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { z } from 'zod';
import { rowCounts } from '../../testing/row-counts';
import { createAdmin } from '../../testing/fixtures';
import { migratedTestDatabase, type MigratedDatabase } from '../../testing/test-database';
import { startTestServer, testConfig, type TestServer } from '../../testing/test-server';
import { sessionCookieFrom, trpcMutation } from '../../testing/trpc-http';
import { appRouter } from './app.router';

// Malformed input thrown at every procedure over real HTTP, signed in as an admin so that every
// access check passes and the input reaches validation: never a 5xx, never a change of data.

let db: MigratedDatabase;
let server: TestServer;
let cookie: string;
const origin = 'http://localhost:5173';

beforeAll(async () => {
  db = await migratedTestDatabase();
  server = await startTestServer(testConfig(db.url, { PUBLIC_URL: origin }));
  await createAdmin(server.services.models);
  cookie = sessionCookieFrom(
    (await trpcMutation(server.baseUrl, 'auth.login', { email: 'root@example.com', password: 'root passphrase' }))
      .headers,
  )!;
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

/**
 * The HTTP status of a call, as a refusal code when possible. A subscription answers 200 and
 * streams its error as an event (that is how server-sent events work), so its body is read.
 */
async function call(path: string, type: string, input: unknown, raw: string | null): Promise<number> {
  const headers = { cookie, origin, 'content-type': 'application/json' };
  const body = raw ?? JSON.stringify(input);
  const response =
    type === 'mutation'
      ? await fetch(`${server.baseUrl}/trpc/${path}`, { method: 'POST', headers, body })
      : await fetch(`${server.baseUrl}/trpc/${path}?input=${encodeURIComponent(body)}`, {
          headers,
          signal: AbortSignal.timeout(5000),
        });
  if (type === 'subscription' && response.status === 200) {
    const events = await response.text().catch(() => '');
    return /"code":"BAD_REQUEST"|"code":-32600/.test(events) ? 400 : 200;
  }
  await response.body?.cancel();
  return response.status;
}

const procedures = Object.entries(appRouter._def.procedures).map(([path, procedure]) => {
  const def = (procedure as unknown as { _def: { type: string; inputs: z.ZodType[] } })._def;
  return { path, type: def.type, schema: def.inputs[0] ?? null };
});

it.each(procedures.filter((p) => p.schema))(
  '$path answers malformed input with 400, changing nothing',
  async ({ path, type, schema }) => {
    const before = await rowCounts(db.sequelize);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc
            .jsonValue()
            .filter((value) => !schema!.safeParse(value).success)
            .map((value) => ({ value, raw: null })),
          // Text that is not JSON at all (an empty query input means "no input", so not that).
          fc
            .string({ minLength: 1, maxLength: 40 })
            .filter((text) => {
              try {
                JSON.parse(text);
                return false;
              } catch {
                return true;
              }
            })
            .map((raw) => ({ value: null, raw })),
        ),
        async ({ value, raw }) => {
          const status = await call(path, type, value, raw);
          expect(status, `${path} with ${raw ?? JSON.stringify(value)}`).toBe(400);
        },
      ),
      { numRuns: 25 },
    );
    expect(await rowCounts(db.sequelize)).toEqual(before);
  },
);

it.each(procedures.filter((p) => !p.schema && p.path !== 'auth.logout'))(
  '$path ignores stray input without a 5xx, changing nothing',
  async ({ path, type }) => {
    const before = await rowCounts(db.sequelize);
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        expect(await call(path, type, value, null)).toBeLessThan(500);
      }),
      { numRuns: 10 },
    );
    expect(await rowCounts(db.sequelize)).toEqual(before);
  },
);
