import { describe, expect, it } from 'vitest';
import { authoringAnswerJsonSchema, parseAnswer } from './answer.schema';
import { ReplyStream } from './reply-stream';

type Schema = Record<string, any>;

function objects(schema: unknown, found: Schema[] = []): Schema[] {
  if (Array.isArray(schema)) schema.forEach((s) => objects(s, found));
  else if (schema && typeof schema === 'object') {
    const node = schema as Schema;
    if (node.type === 'object') found.push(node);
    Object.values(node).forEach((v) => objects(v, found));
  }
  return found;
}

describe('the structured-output schema', () => {
  it('is acceptable to strict mode: every object closed, every property required, no unsupported keywords', () => {
    const all = objects(authoringAnswerJsonSchema);
    expect(all.length).toBeGreaterThan(10);
    for (const object of all) {
      expect(object.additionalProperties).toBe(false);
      expect([...object.required].sort()).toEqual(Object.keys(object.properties).sort());
    }
    expect(JSON.stringify(authoringAnswerJsonSchema)).not.toMatch(
      /"(default|oneOf|maxLength|minLength|pattern|format|\$schema)"/,
    );
  });

  it('turns optional fields into nullable ones, and reads the nulls back as absent', () => {
    const text = JSON.stringify({
      reply: 'ok',
      questions: [],
      name: null,
      spec: {
        trigger: { type: 'manual' },
        nodes: [
          {
            id: 'a',
            type: 'http_request',
            name: 'A',
            config: {
              url: 'https://x.test',
              connectorId: null,
              method: null,
              headers: null,
              body: null,
              timeoutSeconds: null,
              retry: null,
            },
          },
        ],
        edges: [],
      },
    });
    const parsed = parseAnswer(text);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.answer.name).toBeNull();
      expect(parsed.raw).toEqual({
        trigger: { type: 'manual' },
        nodes: [{ id: 'a', type: 'http_request', name: 'A', config: { url: 'https://x.test' } }],
        edges: [],
      });
    }
  });

  it('says why an answer cannot be used', () => {
    expect(parseAnswer('Sure, here it is')).toEqual({ ok: false, reason: 'the model did not answer with JSON' });
    expect(parseAnswer('{"questions": []}')).toMatchObject({ ok: false, reason: expect.stringMatching(/reply/) });
    expect(parseAnswer('{"reply": "ok\\u0000", "questions": []}')).toEqual({
      ok: false,
      reason: 'the answer at reply must not contain the NUL character (U+0000)',
    });
  });
});

describe('ReplyStream', () => {
  it('yields the reply as it arrives, escapes decoded, split anywhere', () => {
    const json = JSON.stringify({ reply: 'Line "one"\nand \u00e9 two', questions: [] });
    for (const size of [1, 3, 7, 100]) {
      const stream = new ReplyStream();
      let out = '';
      for (let i = 0; i < json.length; i += size) out += stream.push(json.slice(i, i + size));
      expect(out, `chunks of ${size}`).toBe('Line "one"\nand é two');
    }
  });
});
