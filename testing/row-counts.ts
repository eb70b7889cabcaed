import { QueryTypes, type Sequelize } from 'sequelize';

/**
 * Row counts of every table but the bookkeeping ones a refused request may legitimately touch
 * (sessions, login failures), to show that a refusal stored nothing.
 */
export async function rowCounts(sequelize: Sequelize): Promise<Record<string, number>> {
  const tables = await sequelize.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT IN ('schema_migrations', 'sessions', 'login_failures')`,
    { type: QueryTypes.SELECT },
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await sequelize.query<{ n: string }>(`SELECT count(*) AS n FROM "${name}"`, {
      type: QueryTypes.SELECT,
    });
    counts[name] = Number(row!.n);
  }
  return counts;
}
