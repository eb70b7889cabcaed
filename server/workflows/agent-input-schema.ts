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

/** Keywords whose values map names to subschemas: their keys are names, not keywords. */
const subschemaMaps = new Set(['properties', '$defs', 'definitions', 'dependentSchemas']);
/** Keywords whose values are data (instances), not schemas. */
const dataKeywords = new Set(['const', 'enum', 'default', 'examples']);

/**
 * Whether the schema asks for a regular expression match anywhere. ajv runs `pattern` and
 * `patternProperties` with JavaScript's backtracking RegExp on the API's only thread, so a pattern
 * like `^(a+)+$` and a crafted argument could stall every request for seconds or more.
 */
function usesRegularExpressions(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(usesRegularExpressions);
  if (typeof node !== 'object' || node === null) return false;
  return Object.entries(node).some(([keyword, value]) => {
    if (keyword === 'pattern' || keyword === 'patternProperties') return true;
    if (dataKeywords.has(keyword)) return false;
    if (subschemaMaps.has(keyword) && typeof value === 'object' && value !== null)
      return Object.values(value).some(usesRegularExpressions);
    return usesRegularExpressions(value);
  });
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
  if (usesRegularExpressions(schema))
    return 'The input schema uses "pattern" or "patternProperties": regular expressions are not accepted here, because a costly one could stall the server while it checks arguments. Check the text in the workflow instead, with a condition node.';
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
