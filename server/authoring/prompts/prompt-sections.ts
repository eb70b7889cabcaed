import type { NodeCatalogEntry } from '../../../core/spec/node-catalog';
import type { PromptContext } from './prompt-version';

// The parts of the system message every prompt version builds the same way. A version's own text
// (its rules, what it teaches) stays in its file; author-v1.test.ts pins v1's whole message.

/** One catalog entry: type, description, what connector it takes, branches, config and output schemas. */
export function catalogEntry(entry: NodeCatalogEntry, notes = ''): string {
  // Optional connectors (http_request, llm) must not read as a precondition, or the model asks for one it does not need.
  const required = (entry.configSchema as { required?: string[] }).required?.includes('connectorId');
  const needs = entry.connectorType
    ? required
      ? ` Needs a ${entry.connectorType} connector.`
      : ` May use a ${entry.connectorType} connector (connectorId).`
    : '';
  const branches = entry.branches ? ` Branches: ${entry.branches.join(', ')}.` : '';
  return `### ${entry.type}\n${entry.description}${needs}${branches}${notes}\nconfig schema: ${JSON.stringify(entry.configSchema)}\noutput: ${JSON.stringify(entry.outputSchema)}`;
}

/** The sections after a version's own text: the date, catalog, functions, connectors, current spec. */
export function contextSections(context: PromptContext, catalog: string): string[] {
  const connectors = context.connectors.length
    ? context.connectors.map((c) => `- ${c.name} (type ${c.type}): id ${c.id}`).join('\n')
    : '- none yet';
  const current = context.currentSpec
    ? `The workflow being changed is "${context.workflowName ?? 'unnamed'}". Its current spec:\n${JSON.stringify(context.currentSpec)}`
    : 'This is a new workflow: there is no current spec.';
  return [
    `Today is ${context.today}.`,
    `## Node catalog\n${catalog}`,
    `## Template functions\n${context.functions.map((f) => `- ${f.signature}: ${f.description}`).join('\n')}`,
    `## The person's connectors\n${connectors}`,
    `## Current spec\n${current}`,
  ];
}
