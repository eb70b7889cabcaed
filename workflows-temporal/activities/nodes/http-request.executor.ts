import { connectorHeaders } from '../../../core/connectors/http-connector-headers';
import type { HttpRequestConfig } from '../../../core/spec/node-configs';
import { loadConnector } from '../../../core/connectors/load-connector';
import type { NodeContext, NodeRunResult } from '../node-context';
import { NodeError, outboundNodeError } from '../../../core/run/node-error';
import { safeFetch } from '../../../core/connectors/outbound/safe-fetch';
import { isUnderBaseUrl } from '../../../core/connectors/outbound/base-url';
import { sampleAnswer } from './test-answer';
import { retryableStatus } from '../../../core/connectors/outbound/retryable-status';

const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

/** GET and HEAD change nothing (RFC 9110, 9.2.1): a repeat has nothing to apply twice, so they carry no key. */
const safeMethods = new Set<HttpRequestConfig['method']>(['GET', 'HEAD']);

/** The connector's base URL and headers, and which of those come from its secret (credentials). */
async function connectorParts(config: HttpRequestConfig, ctx: NodeContext) {
  if (!config.connectorId)
    return { base: null, headers: {} as Record<string, string>, secretHeaders: new Set<string>() };
  const { config: connector, secret } = await loadConnector(
    ctx.deps.models,
    ctx.deps.encryptionKeys,
    ctx.ownerId,
    config.connectorId,
    'http',
  );
  const headers = connectorHeaders(connector, secret);
  const plain = connectorHeaders(connector, null);
  const secretHeaders = new Set(Object.keys(headers).filter((name) => headers[name] !== plain[name]));
  return { base: new URL(connector.baseUrl), headers, secretHeaders };
}

/** Resolves the node's URL; with a connector it must stay under the connector's base URL. */
function targetUrl(rendered: string, base: URL | null): string {
  let url: URL;
  try {
    // "/invoices" is relative to the connector's base path, not to the host's root.
    const joined = base && rendered.startsWith('/') ? `${base.pathname.replace(/\/$/, '')}${rendered}` : rendered;
    url = base ? new URL(joined, base) : new URL(rendered);
  } catch {
    throw new NodeError(
      `url "${rendered}" is not a valid ${base ? 'path or URL' : 'absolute URL'}`,
      'NodeConfigError',
      false,
    );
  }
  // The connector's credentials go only where the connector points, never where a template says.
  if (base && !isUnderBaseUrl(url, base))
    throw new NodeError(
      `url ${url.origin}${url.pathname} is outside the connector's base URL ${base.href}`,
      'NodeConfigError',
      false,
    );
  return url.toString();
}

function requestBody(config: HttpRequestConfig, ctx: NodeContext, headers: Record<string, string>): string | undefined {
  if (config.body === null || config.body === undefined || config.method === 'GET' || config.method === 'HEAD')
    return undefined;
  const value = ctx.templates.render(config.body, 'body');
  if (typeof value === 'string') return value;
  headers['content-type'] ??= 'application/json';
  return JSON.stringify(value);
}

function parseBody(bytes: Uint8Array, contentType: string | undefined): unknown {
  const text = Buffer.from(bytes).toString('utf8');
  if (contentType && /\bjson\b/i.test(contentType) && text.length > 0) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** The request the node renders: what a real run sends, and what a test run reports instead. */
async function renderRequest(config: HttpRequestConfig, ctx: NodeContext) {
  const { base, headers, secretHeaders } = await connectorParts(config, ctx);
  for (const header of config.headers) {
    const name = header.name.toLowerCase();
    headers[name] = ctx.templates.renderText(header.value, `header ${header.name}`);
    secretHeaders.delete(name);
  }
  // A key the node or its connector sets is the user's to choose, whatever its letter case.
  if (!safeMethods.has(config.method)) headers['idempotency-key'] ??= ctx.idempotencyKey;
  const url = targetUrl(ctx.templates.renderText(config.url, 'url'), base);
  const body = requestBody(config, ctx, headers);
  return { base, url, headers, body, secretHeaders };
}

/** A response that fails the node: retrying cannot fix a 4xx, except a timeout (408) or rate limit (429). */
function failedResponse(status: number, where: URL): NodeError {
  return new NodeError(
    `HTTP ${status} from ${where.origin}${where.pathname}`,
    retryableStatus(status) ? 'HttpServerError' : 'HttpClientError',
    retryableStatus(status),
  );
}

/**
 * A test run's answer: the request is reported, with the values a connector's secret adds hidden
 * (credentials), and the sample answers; a sample with an error status fails the node as that
 * answer would, so error routes can be tested, at once: the sample would answer a retry the same.
 */
function testAnswer(config: HttpRequestConfig, request: Awaited<ReturnType<typeof renderRequest>>, ctx: NodeContext) {
  const headers = Object.fromEntries(
    Object.entries(request.headers).map(([name, value]) => [
      name,
      request.secretHeaders.has(name) ? '(secret, from the connector)' : value,
    ]),
  );
  const answer = sampleAnswer(
    ctx,
    { kind: 'http_request', method: config.method, url: request.url, headers, body: request.body ?? null },
    () => ({
      status: 200,
      headers: {},
      body: {},
    }),
  );
  const status = (answer.output as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400) {
    const failure = failedResponse(status, new URL(request.url));
    throw new NodeError(failure.message, failure.type, false);
  }
  return answer;
}

/** Calls an HTTP API through the outbound guard; answers are classified retryable or not. */
export async function runHttpRequest(config: HttpRequestConfig, ctx: NodeContext): Promise<NodeRunResult> {
  const request = await renderRequest(config, ctx);
  if (ctx.test) return testAnswer(config, request, ctx);
  const { base, url, headers, body } = request;
  const where = new URL(url);
  ctx.log(`${config.method} ${where.origin}${where.pathname}`);
  let response;
  try {
    response = await safeFetch(
      {
        url,
        method: config.method,
        headers,
        body,
        timeoutMs: config.timeoutSeconds * 1000,
        maxResponseBytes: MAX_RESPONSE_BYTES,
        redirectsStayUnder: base ?? undefined,
      },
      ctx.deps.outbound,
    );
  } catch (error) {
    throw outboundNodeError(error) ?? error;
  }
  const { 'set-cookie': _dropped, ...responseHeaders } = response.headers;
  const output = {
    status: response.status,
    headers: responseHeaders,
    body: parseBody(response.body, response.headers['content-type']),
  };
  if (response.status >= 400) throw failedResponse(response.status, where);
  ctx.log(`answered ${response.status}`);
  return { output };
}
