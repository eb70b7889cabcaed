import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { AppError } from '../../core/errors/app-error';

/** One tool of the MCP server: what `tools/list` shows, and what `tools/call` does. */
export interface McpTool {
  definition: Tool;
  call(args: Record<string, unknown>): Promise<CallToolResult>;
}

/**
 * A tool's answer: its value as structured content, and the same JSON as text for clients that
 * read only text. Both are the value as JSON carries it (dates as ISO strings).
 */
export function toolResult(value: Record<string, unknown>, isError = false): CallToolResult {
  const text = JSON.stringify(value);
  return { content: [{ type: 'text', text }], structuredContent: JSON.parse(text), isError };
}

/**
 * A refusal the model can read and act on (MCP reports tool errors in the result, not as protocol
 * errors, so that the model sees them): bad arguments, or a service's AppError.
 */
export const toolError = (message: string): CallToolResult => ({
  content: [{ type: 'text', text: message }],
  isError: true,
});

/** The arguments parsed with `schema`, or the tool error that says what is wrong with them. */
export function parseArguments<S extends z.ZodType>(
  schema: S,
  args: Record<string, unknown>,
): { ok: true; value: z.infer<S> } | { ok: false; error: CallToolResult } {
  const parsed = schema.safeParse(args);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'arguments'}: ${i.message}`);
  return { ok: false, error: toolError(`Invalid arguments: ${issues.join('; ')}`) };
}

/** Runs a tool's work, answering a service's refusal (an AppError) as a tool error with its message. */
export async function refusalsAsToolErrors(work: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) return toolError(error.message);
    throw error;
  }
}
