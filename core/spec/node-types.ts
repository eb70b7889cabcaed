import type { z } from 'zod';
import {
  approvalConfigSchema,
  conditionConfigSchema,
  delayConfigSchema,
  forEachConfigSchema,
  googleSheetsConfigSchema,
  httpRequestConfigSchema,
  llmConfigSchema,
  sendEmailConfigSchema,
  transformConfigSchema,
} from './node-configs';
import {
  approvalOutputSchema,
  conditionOutputSchema,
  delayOutputSchema,
  forEachOutputSchema,
  googleSheetsOutputSchema,
  httpRequestOutputSchema,
  llmOutputSchema,
  sendEmailOutputSchema,
  transformOutputSchema,
} from './node-outputs';

/** Everything the language knows about a node type; the catalog, validator and LLM prompt read it. */
export interface NodeTypeDefinition {
  description: string;
  config: z.ZodType;
  output: z.ZodType;
  /** The connector type `config.connectorId` must name, when the node uses one. */
  connectorType: 'http' | 'smtp' | 'google_sheets' | 'openai' | null;
  /** Branch labels its outgoing edges may carry; null when edges carry none. */
  branches: readonly string[] | null;
  /** Whether it can fail at all, and so have an `error` edge or an `onError` policy. */
  canFail: boolean;
}

export const nodeTypeDefinitions = {
  http_request: {
    description:
      'Calls an HTTP API. 4xx answers fail at once; 5xx and network errors are retried. POST, PUT, PATCH and DELETE send an Idempotency-Key header, the same on each retry, unless headers set one.',
    config: httpRequestConfigSchema,
    output: httpRequestOutputSchema,
    connectorType: 'http',
    branches: null,
    canFail: true,
  },
  send_email: {
    description: 'Sends an email through an SMTP connector.',
    config: sendEmailConfigSchema,
    output: sendEmailOutputSchema,
    connectorType: 'smtp',
    branches: null,
    canFail: true,
  },
  google_sheets: {
    description: 'Appends rows to, or reads a range of, a Google Sheet through a service-account connector.',
    config: googleSheetsConfigSchema,
    output: googleSheetsOutputSchema,
    connectorType: 'google_sheets',
    branches: null,
    canFail: true,
  },
  transform: {
    description: 'Builds a new object from templates over the trigger and upstream outputs.',
    config: transformConfigSchema,
    output: transformOutputSchema,
    connectorType: null,
    branches: null,
    canFail: true,
  },
  condition: {
    description:
      'Evaluates an expression; each outgoing edge carries "true" or "false", and the branch not taken is skipped.',
    config: conditionConfigSchema,
    output: conditionOutputSchema,
    connectorType: null,
    branches: ['true', 'false'],
    canFail: true,
  },
  delay: {
    description: 'Waits for a duration on a durable timer (survives restarts).',
    config: delayConfigSchema,
    output: delayOutputSchema,
    connectorType: null,
    branches: null,
    canFail: false,
  },
  llm: {
    description:
      "Asks an OpenAI-compatible model and returns its text: the server's configured endpoint, or an openai connector's when connectorId is set.",
    config: llmConfigSchema,
    output: llmOutputSchema,
    connectorType: 'openai',
    branches: null,
    canFail: true,
  },
  approval: {
    description:
      'Waits for a person to approve or reject in the app, up to a timeout. Outgoing edges may carry "approved" or "rejected"; unlabelled edges follow approval.',
    config: approvalConfigSchema,
    output: approvalOutputSchema,
    connectorType: null,
    branches: ['approved', 'rejected'],
    canFail: false,
  },
  for_each: {
    description:
      'Runs its body once per item of a list. Body nodes name the loop in "loop" and connect only to each other; they read item, index and the outputs of earlier body nodes for the same item. Nodes after the loop read nodes.<loop>.results.',
    config: forEachConfigSchema,
    output: forEachOutputSchema,
    connectorType: null,
    branches: null,
    canFail: true,
  },
} as const satisfies Record<string, NodeTypeDefinition>;

export type NodeType = keyof typeof nodeTypeDefinitions;
export const nodeTypes = Object.keys(nodeTypeDefinitions) as [NodeType, ...NodeType[]];
