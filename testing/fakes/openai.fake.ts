import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { BodyTooLargeError, listenOnLoopback, readBody, sendJson } from './fake-http';

/** One answer the fake gives to the next chat completion request. */
export type ScriptedAnswer =
  | {
      content: string;
      finishReason?: 'stop' | 'length' | 'content_filter';
      usage?: { prompt_tokens: number; completion_tokens: number };
      /** A pause between streamed pieces, so a browser test can watch a reply grow. */
      pieceDelayMs?: number;
    }
  | { refusal: string }
  | {
      httpStatus: number;
      error: { message: string; type: string; code?: string | null };
      headers?: Record<string, string>;
    }
  | { delayMs: number; then: ScriptedAnswer }
  | { raw: string; contentType?: string };

/** A running fake of OpenAI's Chat Completions API; clients use baseURL `${url}/v1`. */
export interface FakeOpenAiServer {
  url: string;
  script(...answers: ScriptedAnswer[]): void;
  requests: Array<{ headers: Record<string, string>; body: any }>;
  close(): Promise<void>;
}

interface CompletionRequest {
  model: string;
  messages: unknown[];
  stream?: unknown;
  stream_options?: { include_usage?: unknown } | null;
}

// Small pieces so that client code which assembles streamed deltas is really exercised.
const STREAM_PIECE_CHARS = 8;
const MODELS_CREATED = 1_700_000_000;

/** Starts the fake on loopback; with `apiKey` set, requests must carry `Authorization: Bearer <apiKey>`. */
export async function startOpenAiServer(options: { apiKey?: string } = {}): Promise<FakeOpenAiServer> {
  const queue: ScriptedAnswer[] = [];
  const requests: FakeOpenAiServer['requests'] = [];
  const models = new Set<string>(['gpt-4o-mini']);

  const server = await listenOnLoopback(async (request, response) => {
    const path = (request.url ?? '/').split('?', 1)[0] ?? '/';
    const route = `${request.method} ${path.replace(/\/+$/, '')}`;
    let rawBody: string;
    try {
      rawBody = (await readBody(request)).toString('utf8');
    } catch (error) {
      if (error instanceof BodyTooLargeError)
        return openAiError(response, 413, 'Request body too large.', 'invalid_request_error');
      throw error;
    }
    if (route !== 'POST /v1/chat/completions' && route !== 'GET /v1/models') {
      return openAiError(response, 404, `Invalid URL (${request.method} ${path})`, 'invalid_request_error');
    }

    const body = route === 'POST /v1/chat/completions' ? parseJson(rawBody) : undefined;
    if (route === 'POST /v1/chat/completions')
      requests.push({ headers: flattenHeaders(request.headers), body: body ?? rawBody });

    const authFailure = checkApiKey(request.headers.authorization, options.apiKey);
    if (authFailure) return sendJson(response, 401, { error: authFailure });

    if (route === 'GET /v1/models') {
      const data = [...models].map((id) => ({ id, object: 'model', created: MODELS_CREATED, owned_by: 'system' }));
      return sendJson(response, 200, { object: 'list', data });
    }

    const problem = validateCompletionRequest(body);
    if (problem) return sendJson(response, 400, { error: { type: 'invalid_request_error', ...problem } });
    const completion = body as CompletionRequest;
    models.add(completion.model);

    const answer = queue.shift();
    if (!answer) {
      return openAiError(response, 500, 'fake OpenAI server: no scripted answer left for this request', 'server_error');
    }
    await respond(response, answer, completion);
  });

  return {
    url: server.url,
    script: (...answers) => void queue.push(...answers),
    requests,
    close: server.close,
  };
}

// OpenAI's error envelope.
function openAiError(
  response: ServerResponse,
  status: number,
  message: string,
  type: string,
  code: string | null = null,
): void {
  sendJson(response, status, { error: { message, type, param: null, code } });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** OpenAI's 401 error object, or null when no key is required or the right one was sent. */
function checkApiKey(authorization: string | undefined, apiKey: string | undefined): Record<string, unknown> | null {
  if (apiKey === undefined) return null;
  const sent = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  if (sent === apiKey) return null;
  if (sent === undefined) {
    return {
      message:
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
      type: 'invalid_request_error',
      param: null,
      code: null,
    };
  }
  // Like OpenAI, never echo a whole key back.
  const masked =
    sent.length > 8 ? `${sent.slice(0, 3)}${'*'.repeat(sent.length - 7)}${sent.slice(-4)}` : '*'.repeat(sent.length);
  return {
    message: `Incorrect API key provided: ${masked}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    type: 'invalid_request_error',
    param: null,
    code: 'invalid_api_key',
  };
}

/** The 400 error fields OpenAI gives for a body without a model or messages; null when usable. */
function validateCompletionRequest(
  body: unknown,
): { message: string; param: string | null; code: string | null } | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {
      message:
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)",
      param: null,
      code: null,
    };
  }
  const { model, messages } = body as Record<string, unknown>;
  if (typeof model !== 'string' || model === '')
    return { message: 'you must provide a model parameter', param: null, code: null };
  if (!Array.isArray(messages))
    return {
      message: "Missing required parameter: 'messages'.",
      param: 'messages',
      code: 'missing_required_parameter',
    };
  if (messages.length === 0) {
    return {
      message: "Invalid 'messages': empty array. Expected an array with minimum length 1.",
      param: 'messages',
      code: 'empty_array',
    };
  }
  return null;
}

async function respond(response: ServerResponse, answer: ScriptedAnswer, request: CompletionRequest): Promise<void> {
  const streaming = request.stream === true;
  if ('delayMs' in answer) {
    const stillConnected = await waitUnlessClosed(response, answer.delayMs);
    return stillConnected ? respond(response, answer.then, request) : undefined;
  }
  if ('httpStatus' in answer) {
    const { message, type, code = null } = answer.error;
    return sendJson(response, answer.httpStatus, { error: { message, type, param: null, code } }, answer.headers);
  }
  if ('raw' in answer) {
    response.writeHead(200, {
      'content-type': answer.contentType ?? (streaming ? 'text/event-stream' : 'application/json'),
    });
    response.end(answer.raw);
    return;
  }
  const id = `chatcmpl-${randomBytes(15).toString('base64url')}`;
  const created = Math.floor(Date.now() / 1000);
  const text = 'refusal' in answer ? answer.refusal : answer.content;
  const finishReason = 'refusal' in answer ? 'stop' : (answer.finishReason ?? 'stop');
  const promptTokens =
    'content' in answer && answer.usage ? answer.usage.prompt_tokens : estimateTokens(JSON.stringify(request.messages));
  const completionTokens = 'content' in answer && answer.usage ? answer.usage.completion_tokens : estimateTokens(text);
  const usage = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
  const headers = { 'x-request-id': `req_${randomBytes(12).toString('hex')}` };

  if (!streaming) {
    const message =
      'refusal' in answer
        ? { role: 'assistant', content: null, refusal: text }
        : { role: 'assistant', content: text, refusal: null };
    return sendJson(
      response,
      200,
      {
        id,
        object: 'chat.completion',
        created,
        model: request.model,
        choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }],
        usage,
      },
      headers,
    );
  }

  // With include_usage, OpenAI puts `usage: null` on every chunk before the final usage-only one.
  const includeUsage = request.stream_options?.include_usage === true;
  const field = 'refusal' in answer ? 'refusal' : 'content';
  const chunk = (choices: unknown[], extra: Record<string, unknown> = includeUsage ? { usage: null } : {}) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: request.model, choices, ...extra })}\n\n`;
  const delta = (value: Record<string, unknown>, finish: string | null = null) =>
    chunk([{ index: 0, delta: value, finish_reason: finish }]);

  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    ...headers,
  });
  response.write(delta({ role: 'assistant', [field]: '' }));
  const pause = 'content' in answer ? (answer.pieceDelayMs ?? 0) : 0;
  for (const piece of splitIntoPieces(text, STREAM_PIECE_CHARS)) {
    response.write(delta({ [field]: piece }));
    if (pause > 0 && !(await waitUnlessClosed(response, pause))) return;
  }
  response.write(delta({}, finishReason));
  if (includeUsage) response.write(chunk([], { usage }));
  response.end('data: [DONE]\n\n');
}

// Roughly four characters a token, as OpenAI's own rule of thumb; tests that care script `usage`.
function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

// Split on code points so no piece ends in half a surrogate pair.
function splitIntoPieces(text: string, size: number): string[] {
  const codePoints = Array.from(text);
  const pieces: string[] = [];
  for (let i = 0; i < codePoints.length; i += size) pieces.push(codePoints.slice(i, i + size).join(''));
  return pieces;
}

/** Waits `ms`; resolves false early if the client hung up (e.g. its timeout fired) or the server closed. */
function waitUnlessClosed(response: ServerResponse, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      response.off('close', onClose);
      resolve(!response.destroyed);
    }, ms);
    response.once('close', onClose);
  });
}
