import type { Migration } from '../core/db/migrator';

// llm_prompt_version is null for specs written by hand rather than by the authoring prompt.
export const up: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    CREATE TABLE workflows (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      name varchar(255) NOT NULL,
      description text,
      spec_json jsonb NOT NULL,
      llm_prompt_version varchar(50),
      status varchar(50) NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'archived')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX workflows_owner_id_idx ON workflows (owner_id);
  `);
};

export const down: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query('DROP TABLE workflows');
};
