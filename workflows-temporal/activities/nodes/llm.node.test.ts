import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAiServer, type FakeOpenAiServer } from '../../../testing/fakes/openai.fake';
import type { LlmConfig } from '../../../core/spec/node-configs';
import type { WorkflowSpec } from '../../../core/spec/spec.schema';
import { createConnector } from '../../../testing/fixtures';
import {
  runToEnd,
  startCustomWorker,
  startRunEnvironment,
  type RunEnvironment,
} from '../../../testing/run-environment';
import { parseOutboundAllowNetworks } from '../../../core/connectors/outbound/safe-fetch';

// llm nodes through the real interpreter, against the fake OpenAI Chat Completions API.

const apiKey = 'sk-test-7d2c91e0a4b5f6';
let env: RunEnvironment;
let openai: FakeOpenAiServer;

const quickRetry = { maximumAttempts: 3, initialIntervalSeconds: 0.1, backoffCoefficient: 1 };
const llmSpec = (config: Partial<LlmConfig> = {}): WorkflowSpec => ({
  trigger: { type: 'manual' },
  nodes: [
    { id: 'ask', type: 'llm', name: 'Ask', config: { prompt: 'Say hi', maxTokens: 100, retry: quickRetry, ...config } },
  ],
  edges: [],
});

beforeAll(async () => {
  openai = await startOpenAiServer({ apiKey });
  env = await startRunEnvironment({
    OPENAI_API_KEY: apiKey,
    OPENAI_BASE_URL: `${openai.url}/v1`,
    LLM_MODEL: 'house-model-1',
  });
});
afterAll(async () => {
  await env?.close();
  await openai?.close();
});

describe('the llm node', () => {
  it('sends the rendered prompt to the configured endpoint and stores text, model and token count', async () => {
    openai.script({
      content: 'Invoice INV-7 from Acme: 420 EUR, due Friday.',
      usage: { prompt_tokens: 31, completion_tokens: 12 },
    });
    const spec: WorkflowSpec = {
      trigger: { type: 'manual' },
      nodes: [
        {
          id: 'summarise',
          type: 'llm',
          name: 'Summarise',
          config: {
            system: 'You write for {{ trigger.team }}.',
            prompt: 'Summarise invoice {{ trigger.id }} of {{ trigger.amount * 2 }} EUR',
            model: 'gpt-4.1-mini',
            maxTokens: 200,
          },
        },
        {
          id: 'use',
          type: 'transform',
          name: 'Use',
          config: { fields: [{ name: 'line', value: 'AI: {{ nodes.summarise.text }}' }] },
        },
      ],
      edges: [['summarise', 'use']],
    };
    const { run, task, logs, history } = await runToEnd(env.services, env.owner, spec, {
      id: 'INV-7',
      amount: 210,
      team: 'finance',
    });

    expect(run.runStatus).toBe('success');
    expect(task('summarise')).toMatchObject({ taskStatus: 'success', attemptCount: 1 });
    const request = openai.requests.at(-1)!;
    expect(request.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(request.body).toMatchObject({
      model: 'gpt-4.1-mini',
      max_tokens: 200,
      messages: [
        { role: 'system', content: 'You write for finance.' },
        { role: 'user', content: 'Summarise invoice INV-7 of 420 EUR' },
      ],
    });
    expect(logs('summarise').output).toEqual({
      text: 'Invoice INV-7 from Acme: 420 EUR, due Friday.',
      model: 'gpt-4.1-mini',
      totalTokens: 43,
    });
    expect(logs('use').output).toEqual({ line: 'AI: Invoice INV-7 from Acme: 420 EUR, due Friday.' });
    const text = await history();
    expect(text).not.toContain(apiKey);
    expect(text).not.toContain('due Friday');
  });

  it('uses LLM_MODEL when the node names no model', async () => {
    openai.script({ content: 'hi' });
    const { run, logs } = await runToEnd(env.services, env.owner, llmSpec());
    expect(run.runStatus).toBe('success');
    expect(openai.requests.at(-1)!.body.model).toBe('house-model-1');
    expect(logs('ask').output).toMatchObject({ text: 'hi', model: 'house-model-1' });
  });

  it('retries a 500 and succeeds on the second attempt', async () => {
    const before = openai.requests.length;
    openai.script(
      { httpStatus: 500, error: { message: 'The server had an error', type: 'server_error' } },
      { content: 'second time lucky' },
    );
    const { run, task, logs } = await runToEnd(env.services, env.owner, llmSpec());

    expect(run.runStatus).toBe('success');
    expect(task('ask')).toMatchObject({ taskStatus: 'success', attemptCount: 2 });
    expect(openai.requests.length - before).toBe(2);
    expect(logs('ask').output).toMatchObject({ text: 'second time lucky' });
    expect(logs('ask').entries!.map((e) => e.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^attempt 1 failed: LLM endpoint answered 500.*; will retry$/)]),
    );
    expect(logs('ask').error).toBeUndefined();
  });

  it('fails at once on a 400', async () => {
    const before = openai.requests.length;
    // Nothing scripted after the 400: a retry would get the fake's 500 and show as attempt 2.
    openai.script({
      httpStatus: 400,
      error: { message: "Invalid 'max_tokens': too large", type: 'invalid_request_error' },
    });
    const { run, task, logs } = await runToEnd(env.services, env.owner, llmSpec());

    expect(run.runStatus).toBe('failed');
    expect(task('ask')).toMatchObject({ taskStatus: 'failed', attemptCount: 1 });
    expect(openai.requests.length - before).toBe(1);
    expect(logs('ask').error).toMatchObject({
      type: 'LlmHttpError',
      retryable: false,
      message: expect.stringMatching(/^LLM endpoint answered 400: .*too large/),
    });
  });

  it('fails at once, with a readable message, when the model refuses', async () => {
    const before = openai.requests.length;
    openai.script({ refusal: "I can't help with that request." });
    const { run, task, logs } = await runToEnd(env.services, env.owner, llmSpec());

    expect(run.runStatus).toBe('failed');
    expect(task('ask')).toMatchObject({ taskStatus: 'failed', attemptCount: 1 });
    expect(openai.requests.length - before).toBe(1);
    expect(logs('ask').error).toEqual({
      type: 'LlmRefusal',
      retryable: false,
      message: "the model refused: I can't help with that request.",
    });
  });

  it.each([
    ['an HTML page', { raw: '<html>Welcome to the proxy</html>', contentType: 'text/html' }, 'a text body, not JSON'],
    ['JSON of another API', { raw: '{"status":"ok","items":[]}' }, 'model: '],
    ['JSON without choices', { raw: '{"model":"m","choices":[]}' }, 'choices: '],
    ['a body declared JSON that is not', { raw: '{"choices": [', contentType: 'application/json' }, 'not valid JSON'],
  ])('fails at once, saying the endpoint is not OpenAI-compatible, on %s', async (_, answer, why) => {
    openai.script(answer);
    const { task, logs } = await runToEnd(env.services, env.owner, llmSpec());
    expect(task('ask')).toMatchObject({ taskStatus: 'failed', attemptCount: 1 });
    expect(logs('ask').error).toEqual({
      type: 'LlmBadAnswer',
      retryable: false,
      message: expect.stringContaining(why),
    });
    expect(logs('ask').error?.message).toMatch(/^the LLM endpoint's answer is not an OpenAI chat completion/);
  });

  it('fails at once, saying how to configure one, when no API key is configured', async () => {
    const keyless = await startCustomWorker(env.services, {
      llm: { ...env.services.config, OPENAI_API_KEY: undefined },
    });
    try {
      const before = openai.requests.length;
      const { run, task, logs } = await runToEnd(keyless.services, env.owner, llmSpec());

      expect(run.runStatus).toBe('failed');
      expect(task('ask')).toMatchObject({ taskStatus: 'failed', attemptCount: 1 });
      expect(logs('ask').error).toMatchObject({
        type: 'LlmNotConfigured',
        retryable: false,
        message: expect.stringMatching(/set OPENAI_API_KEY/),
      });
      expect(openai.requests.length).toBe(before);
    } finally {
      await keyless.stop();
    }
  });
});

describe('the llm node with an openai connector', () => {
  const ownKey = 'sk-own-endpoint-41f0c2d9';
  let own: FakeOpenAiServer;
  let connectorId: string;

  beforeAll(async () => {
    own = await startOpenAiServer({ apiKey: ownKey });
    const config = { baseUrl: `${own.url}/v1`, organization: null };
    connectorId = (
      await createConnector(
        env.services.models,
        env.services.config.APP_ENCRYPTION_KEY,
        env.owner.id,
        'openai',
        config,
        { apiKey: ownKey },
      )
    ).id;
  });
  afterAll(() => own?.close());

  it("calls the connector's endpoint with its key, not the server's, and keeps the key out of history", async () => {
    const serverWide = openai.requests.length;
    own.script({ content: 'from my own model' });
    const { run, logs, history } = await runToEnd(env.services, env.owner, llmSpec({ connectorId, model: 'llama3' }));

    expect(run.runStatus).toBe('success');
    expect(own.requests.at(-1)!.headers.authorization).toBe(`Bearer ${ownKey}`);
    expect(own.requests.at(-1)!.body).toMatchObject({
      model: 'llama3',
      messages: [{ role: 'user', content: 'Say hi' }],
    });
    expect(openai.requests.length).toBe(serverWide);
    expect(logs('ask').output).toMatchObject({ text: 'from my own model', model: 'llama3' });
    expect(await history()).not.toContain(ownKey);
  });

  it("fails at once when the outbound policy refuses the connector's address", async () => {
    const strict = await startCustomWorker(env.services, { outbound: parseOutboundAllowNetworks('') });
    try {
      const before = own.requests.length;
      const { run, task, logs } = await runToEnd(strict.services, env.owner, llmSpec({ connectorId }));

      expect(run.runStatus).toBe('failed');
      expect(task('ask')).toMatchObject({ taskStatus: 'failed', attemptCount: 1 });
      expect(logs('ask').error).toMatchObject({
        type: 'OutboundBlocked',
        retryable: false,
        message: expect.stringMatching(/loopback range/),
      });
      expect(own.requests.length).toBe(before);
    } finally {
      await strict.stop();
    }
  });
});
