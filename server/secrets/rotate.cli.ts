// `npm run secrets:rotate`: re-encrypts every secret under APP_ENCRYPTION_KEY, reading older ones
// with APP_ENCRYPTION_KEYS_PREVIOUS; all or nothing. Uses DATABASE_URL, or the embedded
// development database when it is not set. Prints counts and key fingerprints, never keys or values.
import { ConfigError, applyDotEnv, parseConfig } from '../../core/config/load-config';
import { dotEnvPath } from '../../core/config/paths';
import { initModels } from '../../core/db/models';
import { createSequelize } from '../../core/db/sequelize';
import { developmentDatabase } from '../dev/dev-stack';
import type { RunningPostgres } from '../dev/embedded-postgres';
import { KeyRotationError, rotateSecretKeys } from './rotate-keys';

const env = { ...process.env };
// Unlike the server, never generate a key here: secrets under a new random key would be lost.
if (env.NODE_ENV !== 'production') applyDotEnv(env, dotEnvPath);
let database: RunningPostgres | null = null;
try {
  database = await developmentDatabase(env);
  const config = parseConfig({ ...env, DATABASE_URL: database.url });
  const sequelize = createSequelize(config.DATABASE_URL);
  try {
    const report = await rotateSecretKeys(initModels(sequelize), config);
    console.log(
      `re-encrypted ${report.reEncrypted} secret(s) under key ${report.currentKeyId}; ${report.alreadyCurrent} were already under it`,
    );
  } finally {
    await sequelize.close();
  }
} catch (error) {
  if (!(error instanceof ConfigError || error instanceof KeyRotationError)) throw error;
  console.error(error.message);
  process.exitCode = error instanceof ConfigError ? 78 : 1; // 78: EX_CONFIG
} finally {
  await database?.stop();
}
