// OpenAI's strict structured outputs accept a subset of JSON Schema: every object closed, every
// property required (optional ones become nullable), and few keywords. Validation limits dropped
// here are still enforced by zod when the answer comes back.

type Schema = Record<string, unknown>;

const kept = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'anyOf',
  'enum',
  'const',
  'description',
  '$defs',
  '$ref',
]);

function nullable(schema: Schema): Schema {
  if (schema.type === 'null') return schema;
  if (Array.isArray(schema.anyOf))
    return (schema.anyOf as Schema[]).some((s) => s.type === 'null')
      ? schema
      : { ...schema, anyOf: [...(schema.anyOf as Schema[]), { type: 'null' }] };
  return { anyOf: [schema, { type: 'null' }] };
}

/** A copy of `schema` that strict mode accepts. */
export function strictJsonSchema(schema: unknown): Schema {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node !== 'object' || node === null) return node;
    const input = node as Schema;
    // `oneOf` (from discriminated unions) becomes `anyOf`: the branches are disjoint anyway.
    const source: Schema = input.oneOf ? { ...input, anyOf: input.oneOf } : input;
    const out: Schema = {};
    for (const [key, value] of Object.entries(source)) {
      if (!kept.has(key)) continue;
      if (key === 'properties' || key === '$defs')
        out[key] = Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, walk(v)]));
      else out[key] = walk(value);
    }
    if (out.type === 'object' || out.properties) {
      const properties = (out.properties ?? {}) as Schema;
      const required = new Set((out.required as string[] | undefined) ?? []);
      out.properties = Object.fromEntries(
        Object.entries(properties).map(([k, v]) => [k, required.has(k) ? v : nullable(v as Schema)]),
      );
      out.required = Object.keys(properties);
      out.additionalProperties = false;
    }
    return out;
  };
  return walk(schema) as Schema;
}
