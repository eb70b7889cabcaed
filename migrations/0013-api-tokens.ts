import type { Migration } from '../core/db/migrator';

// API tokens let other programs call the API as their owner. Like sessions, only the SHA-256
// (hex) of a token is stored, so a leaked table cannot be replayed; `token_prefix` (its first 8
// characters) is kept in clear so a person can tell their tokens apart.
export const up: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    CREATE TABLE api_tokens (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      name varchar(100) NOT NULL,
      token_hash varchar(64) NOT NULL,
      token_prefix varchar(16) NOT NULL,
      last_used_at timestamptz,
      expires_at timestamptz,
      revoked_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX api_tokens_token_hash_unique ON api_tokens (token_hash);
    CREATE INDEX api_tokens_owner_id_idx ON api_tokens (owner_id);
  `);
};

export const down: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query('DROP TABLE api_tokens');
};
