import type { Migration } from '../core/db/migrator';

// Chat authoring: a conversation belongs to its owner and, once a proposal is accepted, to the
// workflow it created or changes. Each assistant message keeps the spec it proposed, the prompt
// version that produced it, and its cost. Every accepted spec becomes a numbered version.
export const up: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    CREATE TABLE chat_conversations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      workflow_id uuid REFERENCES workflows (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX chat_conversations_owner_id_idx ON chat_conversations (owner_id);
    CREATE INDEX chat_conversations_workflow_id_idx ON chat_conversations (workflow_id);

    CREATE TABLE chat_messages (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      conversation_id uuid NOT NULL REFERENCES chat_conversations (id) ON DELETE CASCADE,
      role varchar(20) NOT NULL CHECK (role IN ('user', 'assistant')),
      content text NOT NULL,
      proposed_spec jsonb,
      proposed_name varchar(120),
      proposal_status varchar(20) CHECK (proposal_status IN ('proposed', 'accepted', 'discarded', 'invalid')),
      questions jsonb NOT NULL DEFAULT '[]'::jsonb,
      problems jsonb NOT NULL DEFAULT '[]'::jsonb,
      prompt_version varchar(50),
      model varchar(100),
      prompt_tokens integer,
      completion_tokens integer,
      latency_ms integer,
      repair_rounds integer NOT NULL DEFAULT 0,
      error text,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX chat_messages_conversation_id_idx ON chat_messages (conversation_id, created_at);

    CREATE TABLE workflow_versions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      workflow_id uuid NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
      version integer NOT NULL CHECK (version > 0),
      spec_json jsonb NOT NULL,
      llm_prompt_version varchar(50),
      source varchar(20) NOT NULL CHECK (source IN ('chat', 'editor', 'restore', 'seed')),
      created_by uuid REFERENCES users (id) ON DELETE SET NULL,
      chat_message_id uuid REFERENCES chat_messages (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX workflow_versions_workflow_version_unique ON workflow_versions (workflow_id, version);
  `);
};

export const down: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query('DROP TABLE workflow_versions; DROP TABLE chat_messages; DROP TABLE chat_conversations;');
};
