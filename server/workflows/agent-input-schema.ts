import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { unstorableJson } from '../../core/db/storable';

// The JSON Schema a workflow declares for the arguments of its agent tool (the MCP server). MCP
// tool schemas are JSON Schema 2020-12 objects; ajv, the validator the MCP SDK itself uses, checks
// the schema against the meta-schema and the arguments against the schema.

/** Largest declared schema, as JSON text: a tool's schema is read by a model on every session. */
export const MAX_AGENT_SCHEMA_CHARS = 32 * 1024;

/**
 * A fresh validator per use: ajv caches every schema it compiles (by `$id` too, so one person's
 * schema could stand in for another's), and schemas here are few and small to compile.
 */
function newAjv() {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: true, logger: false });
  addFormats(ajv);
  return ajv;
}

/** What is wrong with `schema` as a tool's input schema, or null when it will do. */
export function agentInputSchemaProblem(schema: unknown): string | null {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema))
    return 'The input schema must be a JSON Schema object, such as {"type": "object", "properties": {…}}.';
  const unstorable = unstorableJson(schema);
  if (unstorable)
    return `The input schema${unstorable.path.length ? ` at ${unstorable.path.join('.')}` : ''} ${unstorable.message}.`;
  if (JSON.stringify(schema).length > MAX_AGENT_SCHEMA_CHARS)
    return `The input schema is limited to ${MAX_AGENT_SCHEMA_CHARS} characters of JSON.`;
  // A run's input is a JSON object, and MCP requires tool arguments to be one.
  if ((schema as { type?: unknown }).type !== 'object')
    return 'The input schema must describe an object: "type": "object" at its top.';
  try {
    newAjv().compile(schema);
  } catch (error) {
    return `The input schema is not valid JSON Schema: ${(error as Error).message}`;
  }
  return null;
}

/** Checks an agent's arguments against the declared schema: null when they match, else why not. */
export function agentArgumentsProblem(schema: Record<string, unknown>, args: unknown): string | null {
  const ajv = newAjv();
  const validate = ajv.compile(schema);
  if (validate(args)) return null;
  return ajv.errorsText(validate.errors, { dataVar: 'arguments', separator: '; ' });
}
