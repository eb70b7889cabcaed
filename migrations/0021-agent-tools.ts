import type { Migration } from '../core/db/migrator';

// Workflows as tools for AI agents (the MCP server at /mcp, decision 0012): a person marks a
// workflow available to agents (`agent_tool`) and may declare the JSON Schema its tool's arguments
// must follow (`agent_input_schema`; NULL: any JSON object). Runs an agent starts say so in their
// trigger, "agent", so the runs list tells them from a person's.
export const up: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    ALTER TABLE workflows ADD COLUMN agent_tool boolean NOT NULL DEFAULT false;
    ALTER TABLE workflows ADD COLUMN agent_input_schema jsonb
      CHECK (agent_input_schema IS NULL OR jsonb_typeof(agent_input_schema) = 'object');
    ALTER TABLE workflow_runs DROP CONSTRAINT workflow_runs_run_trigger_check;
    ALTER TABLE workflow_runs ADD CONSTRAINT workflow_runs_run_trigger_check
      CHECK (run_trigger IN ('manual', 'webhook', 'rerun', 'resume', 'schedule', 'test', 'agent'));
  `);
};

// Going back keeps the runs agents started, as manual ones: a person's token started them.
export const down: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    UPDATE workflow_runs SET run_trigger = 'manual' WHERE run_trigger = 'agent';
    ALTER TABLE workflow_runs DROP CONSTRAINT workflow_runs_run_trigger_check;
    ALTER TABLE workflow_runs ADD CONSTRAINT workflow_runs_run_trigger_check
      CHECK (run_trigger IN ('manual', 'webhook', 'rerun', 'resume', 'schedule', 'test'));
    ALTER TABLE workflows DROP COLUMN agent_input_schema;
    ALTER TABLE workflows DROP COLUMN agent_tool;
  `);
};
