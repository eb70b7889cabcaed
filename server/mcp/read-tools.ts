import { z } from 'zod';
import type { AppServices } from '../app-services';
import type { User } from '../../core/db/models';
import { listedWorkflowStatusSchema, runStatusSchema } from '../../core/db/enums';
import type { TaskLogs } from '../../core/run/task-logs';
import { listWorkflows } from '../workflows/workflow-queries.service';
import { listRuns, getRunWithTasks } from '../runs/run-queries.service';
import { findAccessibleRun } from '../runs/run-access';
import { runResult } from '../runs/run-result.service';
import { toRunDto } from '../runs/run.dto';
import { jsonSchemaOf } from './json-schema-of';
import { parseArguments, refusalsAsToolErrors, toolResult, type McpTool } from './mcp-tool';

// The tools that read what the person may see, through the same services (and access rules) as
// the tRPC procedures workflows.list, runs.list and runs.get.

const page = {
  limit: z.number().int().min(1).max(50).default(20).describe('How many to list (1 to 50)'),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page, for the next one'),
};

const listWorkflowsInput = z
  .object({
    status: listedWorkflowStatusSchema.optional().describe('Only workflows with this status'),
    search: z.string().trim().max(100).optional().describe('Only workflows whose name contains this'),
    ...page,
  })
  .strict();

const listRunsInput = z
  .object({
    workflowId: z.uuid().optional().describe('Only the runs of this workflow'),
    status: runStatusSchema.optional().describe('Only runs with this status'),
    ...page,
  })
  .strict();

const getRunInput = z.object({ runId: z.uuid().describe('The run, as a workflow tool or list_runs gave it') }).strict();

/** list_workflows, list_runs and get_run for `user`; `toolNames` maps the ids of workflows offered as tools to their names. */
export function readTools(services: AppServices, user: User, toolNames: Map<string, string>): McpTool[] {
  const { models, config } = services;
  return [
    {
      definition: {
        name: 'list_workflows',
        title: 'List workflows',
        description:
          'Lists the workflows you may see (yours; every member\'s for an admin), most recently changed first, with their status and trigger; "tool" names the tool that runs one offered to agents (null otherwise).',
        inputSchema: jsonSchemaOf(listWorkflowsInput, 'input'),
        annotations: { readOnlyHint: true },
      },
      async call(args) {
        const parsed = parseArguments(listWorkflowsInput, args);
        if (!parsed.ok) return parsed.error;
        const { status, search, limit, cursor } = parsed.value;
        return refusalsAsToolErrors(async () => {
          const found = await listWorkflows(models, user, {
            status: status ?? null,
            search: search || null,
            limit,
            cursor: cursor ?? null,
          });
          const items = found.items.map((w) => ({
            id: w.id,
            name: w.name,
            description: w.description,
            status: w.status,
            trigger: w.specJson.trigger.type,
            tool: toolNames.get(w.id) ?? null,
            updatedAt: w.updatedAt,
          }));
          return toolResult({ items, nextCursor: found.nextCursor });
        });
      },
    },
    {
      definition: {
        name: 'list_runs',
        title: 'List runs',
        description:
          'Lists the runs you may see (of your workflows; all for an admin), newest first, with their status and summary.',
        inputSchema: jsonSchemaOf(listRunsInput, 'input'),
        annotations: { readOnlyHint: true },
      },
      async call(args) {
        const parsed = parseArguments(listRunsInput, args);
        if (!parsed.ok) return parsed.error;
        const { workflowId, status, limit, cursor } = parsed.value;
        return refusalsAsToolErrors(async () => {
          const found = await listRuns(models, user, {
            workflowId: workflowId ?? null,
            status: status ?? null,
            tests: false,
            limit,
            cursor: cursor ?? null,
          });
          // Inputs stay out: a page of them could be megabytes; get_run has none either, only results.
          const items = found.items.map((run) => {
            const { input: _, temporalUrl: __, ...dto } = toRunDto(run, config);
            return dto;
          });
          return toolResult({ items, nextCursor: found.nextCursor });
        });
      },
    },
    {
      definition: {
        name: 'get_run',
        title: 'Get a run',
        description:
          "Reads one run: its status, each node's status, attempts, timings and error, and the output of its final node once it has ended.",
        inputSchema: jsonSchemaOf(getRunInput, 'input'),
        annotations: { readOnlyHint: true },
      },
      async call(args) {
        const parsed = parseArguments(getRunInput, args);
        if (!parsed.ok) return parsed.error;
        return refusalsAsToolErrors(async () => {
          const row = await findAccessibleRun(models, user, parsed.value.runId);
          const run = await getRunWithTasks(services, user, row.id);
          const result = await runResult(models, row);
          return toolResult({
            id: run.id,
            workflowId: run.workflowId,
            workflowName: run.workflowName,
            status: run.status,
            trigger: run.trigger,
            createdAt: run.createdAt,
            startedAt: run.startedAt,
            finishedAt: run.finishedAt,
            nodes: run.tasks.map((task) => ({
              nodeId: task.nodeId,
              status: task.status,
              attempts: task.attemptCount,
              startedAt: task.startedAt,
              finishedAt: task.finishedAt,
              error: (task.logs as TaskLogs | null)?.error?.message ?? null,
            })),
            failures: result.failures,
            error: result.error,
            outputNodeId: result.outputNodeId,
            output: result.output,
            outputTruncated: result.outputTruncated,
          });
        });
      },
    },
  ];
}
