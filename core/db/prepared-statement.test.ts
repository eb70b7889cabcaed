import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migratedTestDatabase, type MigratedDatabase } from '../../testing/test-database';
import { preparedStatement, runPrepared } from './prepared-statement';

it('numbers named parameters in order of first use, one number for a name used twice, and leaves casts alone', () => {
  const statement = preparedStatement<'a' | 'b', never>(
    'compile-check',
    "SELECT CAST(:a AS int) + CAST(:b AS int), CAST(:a AS int), now()::text, 'x' || CAST(:b AS text)",
  );
  const { text, params } = statement.compiled();
  expect(text).toBe("SELECT CAST($1 AS int) + CAST($2 AS int), CAST($1 AS int), now()::text, 'x' || CAST($2 AS text)");
  expect(params).toEqual(['a', 'b']);
});

let db: MigratedDatabase;
beforeAll(async () => {
  db = await migratedTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

const echo = preparedStatement<'n' | 'word' | 'list' | 'at', { n: number; word: string; listed: boolean; at: Date }>(
  'echo-check',
  `SELECT CAST(:n AS integer) AS n, upper(CAST(:word AS text)) AS word,
          CAST(:word AS text) = ANY (CAST(:list AS text[])) AS listed, CAST(:at AS timestamptz) AS at`,
);

it('runs on the pool with values of each type, and again on a connection that has prepared it', async () => {
  const at = new Date('2026-12-03T10:00:00.000Z');
  for (const word of ['done', 'open']) {
    const [row] = await runPrepared(db.sequelize, echo, { n: 7, word, list: ['done', 'failed'], at });
    expect(row).toEqual({ n: 7, word: word.toUpperCase(), listed: word === 'done', at });
  }
});

it('refuses a parameter left undefined instead of sending NULL', async () => {
  await expect(runPrepared(db.sequelize, echo, { n: 1, word: undefined, list: [], at: new Date() })).rejects.toThrow(
    'echo-check: no value for :word',
  );
});

it("runs a transaction's statement on the transaction's own connection", async () => {
  const backend = preparedStatement<never, { pid: number }>('backend-check', 'SELECT pg_backend_pid() AS pid');
  await db.sequelize.transaction(async (transaction) => {
    const [own] = await db.sequelize.query<{ pid: number }>('SELECT pg_backend_pid() AS pid', {
      transaction,
      type: QueryTypes.SELECT,
    });
    const [prepared] = await runPrepared(db.sequelize, backend, {}, transaction);
    expect(prepared!.pid).toBe(own!.pid);
  });
});
