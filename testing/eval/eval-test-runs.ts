import type { RunStatus } from '../../core/db/enums';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import { createConnector } from '../fixtures';
import { startStandaloneStack } from '../standalone-stack';
import { testProposal } from '../../server/authoring/proposal-test';
import { evalConnectors } from '../../server/authoring/eval/eval-cases';
import type { EvalTestRuns } from '../../server/authoring/eval/run-eval';

/** The eval's connectors as rows (their ids are the cases'), configured so test runs can render them; nothing is ever sent. */
const connectorRows = {
  http: {
    config: { baseUrl: 'https://billing.acme.test', headers: [], auth: 'bearer' },
    secret: { bearerToken: 'eval' },
  },
  smtp: { config: { host: 'smtp.acme.test', port: 587, secure: false, from: 'robot@acme.test' }, secret: null },
  google_sheets: {
    config: { clientEmail: 'eval@acme-finance.iam.gserviceaccount.com' },
    secret: { privateKey: '-----BEGIN PRIVATE KEY-----\neval\n-----END PRIVATE KEY-----\n' },
  },
} as const;

/**
 * Test runs for the eval (decision 0011): an embedded stack (or DATABASE_URL / TEMPORAL_ADDRESS)
 * with the eval's connectors, where each case's proposals run as the chat runs them, with sample
 * data. `forCase` gives one case its own workflow row; `outcome` reads how a test run ended.
 */
export async function startEvalTestRuns(
  log: (message: string) => void,
): Promise<EvalTestRuns & { close(): Promise<void> }> {
  const stack = await startStandaloneStack({ label: 'eval', log });
  const { services, owner } = stack;
  for (const connector of evalConnectors) {
    const row = connectorRows[connector.type as keyof typeof connectorRows];
    await createConnector(
      services.models,
      services.config.APP_ENCRYPTION_KEY,
      owner.id,
      connector.type,
      row.config,
      row.secret,
      connector.id,
    );
  }
  return {
    /** The test hook of one case's turns: its proposals are tested on one workflow of its own. */
    forCase(caseId: string) {
      let workflowId: string | null = null;
      return async (spec: WorkflowSpec) => {
        workflowId ??= (
          await services.models.Workflow.create({
            ownerId: owner.id,
            name: caseId,
            specJson: spec,
            llmPromptVersion: null,
            status: 'draft',
          })
        ).id;
        return testProposal(services, owner, workflowId, spec);
      };
    },
    async outcome(runId: string): Promise<RunStatus> {
      return (await services.models.WorkflowRun.findByPk(runId, { rejectOnEmpty: true })).runStatus;
    },
    close: () => stack.close(),
  };
}
