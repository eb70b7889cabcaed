import type { Migration } from '../core/db/migrator';

// Emails are stored lower-cased (the CHECK enforces it) so the unique index is case-insensitive.
export const up: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name varchar(255) NOT NULL,
      email varchar(255) NOT NULL CHECK (email = lower(email)),
      password varchar(255) NOT NULL,
      role varchar(50) NOT NULL DEFAULT 'member' CHECK (role IN ('admin', 'member')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX users_email_unique ON users (email);
  `);
};

export const down: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query('DROP TABLE users');
};
