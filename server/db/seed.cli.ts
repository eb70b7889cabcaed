// `npm run db:seed`: creates the demo admin, a sample workflow and a sample connector where they
// are missing; running it again changes nothing.
import { developmentDatabase } from '../dev/dev-stack';
import { runSeeders } from '../../core/db/migrator';
import { createSequelize } from '../../core/db/sequelize';

const database = await developmentDatabase();
const sequelize = createSequelize(database.url);
try {
  const names = await runSeeders(sequelize);
  console.log(`seeded: ${names.join(', ')}`);
} catch (error) {
  console.error(`seeding failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await sequelize.close();
  await database.stop();
}
