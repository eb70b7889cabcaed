// `npm run db:migrate [-- down [--to NAME|0]]`: applies (or reverts) migrations on DATABASE_URL,
// or on the embedded development database when DATABASE_URL is not set.
import { developmentDatabase } from '../dev/dev-stack';
import { createMigrator } from '../../core/db/migrator';
import { createSequelize } from '../../core/db/sequelize';

const [direction = 'up', flag, target] = process.argv.slice(2);
const database = await developmentDatabase();
const sequelize = createSequelize(database.url);
try {
  const migrator = createMigrator(sequelize);
  if (direction === 'down') {
    const to = flag === '--to' ? (target === '0' ? 0 : target) : undefined;
    const reverted = await migrator.down(to === undefined ? {} : { to: to as string | 0 });
    console.log(reverted.length ? `reverted: ${reverted.map((m) => m.name).join(', ')}` : 'nothing to revert');
  } else if (direction === 'up') {
    const applied = await migrator.up();
    console.log(applied.length ? `applied: ${applied.map((m) => m.name).join(', ')}` : 'schema is up to date');
  } else {
    throw new Error(`unknown direction "${direction}": use up, or down [--to NAME|0]`);
  }
} catch (error) {
  console.error(`migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await sequelize.close();
  await database.stop();
}
