import { z } from 'zod';
import { unstorableJson } from '../../core/db/storable';
import { workflowSpecSchema } from '../../core/spec/spec.schema';
import { strictJsonSchema } from './strict-json-schema';

/** What the model answers on every turn: a structured output, never free text. */
export const authoringAnswerSchema = z.object({
  reply: z.string().max(4000).describe('A short answer to the person, in their language'),
  questions: z
    .array(z.string().max(500))
    .max(10)
    .describe(
      'What you must know before you can propose a correct spec (which address, which sheet…); empty when nothing essential is missing',
    ),
  name: z.string().max(120).nullable().describe('A short name for the workflow, or null to keep the current one'),
  spec: workflowSpecSchema.nullable().describe('The complete proposed spec, or null while questions remain'),
});
export type AuthoringAnswer = z.infer<typeof authoringAnswerSchema>;

/** The JSON schema sent as the structured-output format, made acceptable to strict mode. */
export const authoringAnswerJsonSchema = strictJsonSchema(
  z.toJSONSchema(authoringAnswerSchema, { io: 'input', unrepresentable: 'any' }),
);

/**
 * Strict mode makes every property required and nullable instead of optional, so the model sends
 * `null` for what it leaves out; dropping those nulls lets zod apply the real defaults. No field
 * of the spec is required-but-nullable, so nothing meaningful is lost (the answer's own `name`
 * is, and is read before this runs).
 */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}

/** Parses the model's JSON text into an answer, or says exactly what is wrong with it. */
export function parseAnswer(
  text: string,
): { ok: true; answer: AuthoringAnswer; raw: unknown } | { ok: false; reason: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'the model did not answer with JSON' };
  }
  // Replies and proposals are stored (chat_messages), valid or not: what PostgreSQL cannot store
  // goes back to the model as a slip to repair, like a wrong shape.
  const unstorable = unstorableJson(raw);
  if (unstorable) {
    const where = unstorable.path.length ? ` at ${unstorable.path.join('.')}` : '';
    return { ok: false, reason: `the answer${where} ${unstorable.message}` };
  }
  const record = raw as Record<string, unknown>;
  // The spec is checked by validateSpec (to get every problem); here only the envelope.
  const envelope = authoringAnswerSchema
    .omit({ spec: true })
    .safeParse({ reply: record?.reply, questions: record?.questions, name: record?.name ?? null });
  if (!envelope.success)
    return {
      ok: false,
      reason: `the answer does not have the expected shape (${envelope.error.issues[0]?.path.join('.')}: ${envelope.error.issues[0]?.message})`,
    };
  return {
    ok: true,
    answer: { ...envelope.data, name: envelope.data.name ?? null, spec: null },
    raw: record.spec === undefined ? null : withoutNulls(record.spec),
  };
}
