import { describe, expect, it } from 'vitest';
import { startOpenAiServer, type FakeOpenAiServer } from './openai.fake';

async function withServer(test: (server: FakeOpenAiServer) => Promise<void>, options: { apiKey?: string } = {}) {
  const server = await startOpenAiServer(options);
  try {
    await test(server);
  } finally {
    await server.close();
  }
}

function complete(
  server: FakeOpenAiServer,
  body: Record<string, unknown>,
  init: { headers?: Record<string, string>; signal?: AbortSignal } = {},
) {
  return fetch(`${server.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test', ...init.headers },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], ...body }),
    ...(init.signal ? { signal: init.signal } : {}),
  });
}

// A deliberately literal SSE reader: events are separated by a blank line, payload after `data: `.
async function readSse(response: Response): Promise<{ events: any[]; done: boolean }> {
  const text = await response.text();
  const payloads = text
    .split('\n\n')
    .filter((block) => block !== '')
    .map((block) => {
      expect(block.startsWith('data: ')).toBe(true);
      return block.slice('data: '.length);
    });
  const done = payloads.at(-1) === '[DONE]';
  return { events: payloads.filter((payload) => payload !== '[DONE]').map((payload) => JSON.parse(payload)), done };
}

describe('fake OpenAI server', () => {
  it('answers a non-streaming chat completion in OpenAI shape and records the request', () =>
    withServer(async (server) => {
      server.script({ content: 'Hello there!', usage: { prompt_tokens: 11, completion_tokens: 3 } });
      const response = await complete(server, { model: 'gpt-4.1', temperature: 0 });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-request-id')).toMatch(/^req_/);
      expect(await response.json()).toEqual({
        id: expect.stringMatching(/^chatcmpl-/),
        object: 'chat.completion',
        created: expect.any(Number),
        model: 'gpt-4.1',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: 'Hello there!', refusal: null },
            finish_reason: 'stop',
            logprobs: null,
          },
        ],
        usage: { prompt_tokens: 11, completion_tokens: 3, total_tokens: 14 },
      });
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0]?.body).toEqual({
        model: 'gpt-4.1',
        temperature: 0,
        messages: [{ role: 'user', content: 'Hi' }],
      });
      expect(server.requests[0]?.headers.authorization).toBe('Bearer sk-test');
    }));

  it('consumes scripted answers in order: length finish, refusal, estimated usage', () =>
    withServer(async (server) => {
      server.script({ content: 'cut', finishReason: 'length' }, { refusal: "I can't help with that." });
      const first = (await (await complete(server, {})).json()) as any;
      expect(first.choices[0].finish_reason).toBe('length');
      expect(first.usage.total_tokens).toBe(first.usage.prompt_tokens + first.usage.completion_tokens);
      const second = (await (await complete(server, {})).json()) as any;
      expect(second.choices[0]).toMatchObject({
        message: { content: null, refusal: "I can't help with that." },
        finish_reason: 'stop',
      });
    }));

  it('streams content in small chunks, then finish_reason, usage and [DONE]', () =>
    withServer(async (server) => {
      const content = 'Streaming answers arrive in pieces — even émoji 🎉 survive.';
      server.script({ content, usage: { prompt_tokens: 5, completion_tokens: 9 } });
      const response = await complete(server, { stream: true, stream_options: { include_usage: true } });
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const { events, done } = await readSse(response);
      expect(done).toBe(true);
      const id = events[0].id;
      for (const event of events)
        expect(event).toMatchObject({
          id,
          object: 'chat.completion.chunk',
          model: 'gpt-4o-mini',
          created: expect.any(Number),
        });
      expect(events[0].choices).toEqual([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]);
      const pieces = events.slice(1, -2).map((event) => event.choices[0].delta.content as string);
      expect(pieces.length).toBeGreaterThan(3);
      expect(pieces.join('')).toBe(content);
      expect(events.at(-2).choices).toEqual([{ index: 0, delta: {}, finish_reason: 'stop' }]);
      expect(events.at(-2).usage).toBeNull();
      expect(events.at(-1)).toMatchObject({
        choices: [],
        usage: { prompt_tokens: 5, completion_tokens: 9, total_tokens: 14 },
      });
    }));

  it('streams refusals as delta.refusal and leaves usage out unless asked', () =>
    withServer(async (server) => {
      server.script({ refusal: 'No, I will not do that.' });
      const { events, done } = await readSse(await complete(server, { stream: true }));
      expect(done).toBe(true);
      expect(events[0].choices[0].delta).toEqual({ role: 'assistant', refusal: '' });
      expect(
        events
          .slice(1, -1)
          .map((event) => event.choices[0].delta.refusal)
          .join(''),
      ).toBe('No, I will not do that.');
      expect(events.at(-1).choices[0].finish_reason).toBe('stop');
      expect(events.every((event) => !('usage' in event))).toBe(true);
    }));

  it('answers scripted error statuses with their headers in OpenAI shape', () =>
    withServer(async (server) => {
      server.script(
        {
          httpStatus: 429,
          error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' },
          headers: { 'retry-after': '2' },
        },
        { httpStatus: 500, error: { message: 'The server had an error', type: 'server_error' } },
      );
      const limited = await complete(server, {});
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('2');
      expect(await limited.json()).toEqual({
        error: { message: 'Rate limit reached', type: 'requests', param: null, code: 'rate_limit_exceeded' },
      });
      const failed = await complete(server, { stream: true });
      expect(failed.status).toBe(500);
      expect(await failed.json()).toEqual({
        error: { message: 'The server had an error', type: 'server_error', param: null, code: null },
      });
    }));

  it('fails loudly with 500 when no scripted answer is left', () =>
    withServer(async (server) => {
      const response = await complete(server, {});
      expect(response.status).toBe(500);
      expect(await response.json()).toMatchObject({
        error: { message: expect.stringContaining('no scripted answer left'), type: 'server_error' },
      });
    }));

  it('requires the configured API key and does not consume the script when refused', () =>
    withServer(
      async (server) => {
        server.script({ content: 'ok' });
        const wrong = await complete(server, {}, { headers: { authorization: 'Bearer sk-wrong-key-123456' } });
        expect(wrong.status).toBe(401);
        const wrongBody = (await wrong.json()) as any;
        expect(wrongBody).toEqual({
          error: {
            message: expect.stringContaining('Incorrect API key provided'),
            type: 'invalid_request_error',
            param: null,
            code: 'invalid_api_key',
          },
        });
        expect(wrongBody.error.message).not.toContain('sk-wrong-key-123456');
        const missing = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', body: '{}' });
        expect(missing.status).toBe(401);
        expect(((await missing.json()) as any).error.message).toContain("didn't provide an API key");
        const right = await complete(server, {}, { headers: { authorization: 'Bearer sk-right' } });
        expect(((await right.json()) as any).choices[0].message.content).toBe('ok');
        expect(server.requests).toHaveLength(3);
      },
      { apiKey: 'sk-right' },
    ));

  it('delays a scripted answer, long enough for a client timeout to fire first', () =>
    withServer(async (server) => {
      server.script({ delayMs: 1_000, then: { content: 'late' } }, { delayMs: 50, then: { content: 'on time' } });
      await expect(complete(server, {}, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
      const started = Date.now();
      const response = await complete(server, {});
      expect(((await response.json()) as any).choices[0].message.content).toBe('on time');
      expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    }));

  it('sends raw bodies as-is', () =>
    withServer(async (server) => {
      server.script({ raw: '{"choices": [' }, { raw: 'data: {not json\n\n', contentType: 'text/event-stream' });
      const broken = await complete(server, {});
      expect(broken.headers.get('content-type')).toBe('application/json');
      expect(await broken.text()).toBe('{"choices": [');
      expect(await (await complete(server, { stream: true })).text()).toBe('data: {not json\n\n');
    }));

  it('rejects malformed requests with 400 and unknown paths with 404, without consuming the script', () =>
    withServer(async (server) => {
      server.script({ content: 'kept' });
      const notJson = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', body: '{oops' });
      expect(notJson.status).toBe(400);
      expect(server.requests[0]?.body).toBe('{oops');
      const noMessages = await fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        body: '{"model":"gpt-4o-mini"}',
      });
      expect(await noMessages.json()).toMatchObject({
        error: { param: 'messages', code: 'missing_required_parameter' },
      });
      const unknown = await fetch(`${server.url}/v1/completions`, { method: 'POST', body: '{}' });
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toEqual({
        error: {
          message: 'Invalid URL (POST /v1/completions)',
          type: 'invalid_request_error',
          param: null,
          code: null,
        },
      });
      expect(((await (await complete(server, {})).json()) as any).choices[0].message.content).toBe('kept');
      const tooLarge = await fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        body: 'x'.repeat(5 * 1024 * 1024 + 1),
      });
      expect(tooLarge.status).toBe(413);
    }));

  it('lists gpt-4o-mini and every model requested so far', () =>
    withServer(async (server) => {
      server.script({ content: 'a' });
      await complete(server, { model: 'gpt-4.1-nano' });
      const response = await fetch(`${server.url}/v1/models`);
      expect(await response.json()).toEqual({
        object: 'list',
        data: [
          { id: 'gpt-4o-mini', object: 'model', created: expect.any(Number), owned_by: 'system' },
          { id: 'gpt-4.1-nano', object: 'model', created: expect.any(Number), owned_by: 'system' },
        ],
      });
    }));
});
