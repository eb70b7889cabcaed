import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

/**
 * A zod object schema as the JSON Schema an MCP tool declares for its arguments or its result.
 * Without `$schema`: a client validating with ajv's default draft would refuse a schema naming
 * the 2020-12 meta-schema, which it does not load.
 */
export function jsonSchemaOf(schema: z.ZodObject, io: 'input' | 'output' = 'output'): Tool['inputSchema'] {
  const { $schema: _, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return json as Tool['inputSchema'];
}
