import { createHash, createSign } from 'node:crypto';
import { NodeError, outboundNodeError } from '../run/node-error';
import { safeFetch, type OutboundPolicy } from './outbound/safe-fetch';

// A small Sheets v4 REST client: service-account JWT → OAuth token → values API. Both URLs come
// from the connector (Google's by default), so every call goes through the outbound guard.

const SCOPE = 'https://www.googleapis.com/auth/spreadsheets';
const tokens = new Map<string, { token: string; expiresAt: number }>();

export interface ServiceAccount {
  clientEmail: string;
  privateKey: string;
  tokenUri: string;
  apiRoot: string;
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

const CALL_TIMEOUT_MS = 30_000;

/** What Google's token and values endpoints answer, as far as this client reads it; any of it may be missing. */
interface GoogleAnswer {
  error?: string | { message?: string };
  error_description?: string;
  access_token?: unknown;
  expires_in?: unknown;
  range?: unknown;
  values?: unknown;
  updates?: { updatedRange?: unknown; updatedRows?: unknown };
}

async function call(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
  policy: OutboundPolicy,
  timeoutMs = CALL_TIMEOUT_MS,
): Promise<GoogleAnswer> {
  let response;
  try {
    response = await safeFetch({ url, ...init, timeoutMs, maxResponseBytes: 10 * 1024 * 1024 }, policy);
  } catch (error) {
    // A refused address or a malformed URL stays refused: fail at once, as http_request does.
    throw outboundNodeError(error) ?? error;
  }
  const text = Buffer.from(response.body).toString('utf8');
  let json: GoogleAnswer = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object') json = parsed;
  } catch {
    // leave it empty: reported below with the status
  }
  if (response.status >= 400) {
    const detail =
      (typeof json.error === 'object' ? json.error.message : undefined) ??
      json.error_description ??
      json.error ??
      `HTTP ${response.status}`;
    const retryable = response.status >= 500 || response.status === 429;
    throw new NodeError(
      `Google answered ${response.status}: ${String(detail).slice(0, 300)}`,
      retryable ? 'GoogleServerError' : 'GoogleClientError',
      retryable,
    );
  }
  return json;
}

export interface AccessTokenOptions {
  /** Skip the cache: a connection test must show that the key works now, not that it did once. */
  fresh?: boolean;
  timeoutMs?: number;
}

/** An OAuth access token for the service account, from the JWT bearer exchange at its token URI. */
export async function accessToken(
  account: ServiceAccount,
  policy: OutboundPolicy,
  { fresh = false, timeoutMs = CALL_TIMEOUT_MS }: AccessTokenOptions = {},
): Promise<string> {
  // Keyed by the private key too: the email alone is no credential, and another owner's connector
  // naming the same service account must prove it holds the key before it gets a token.
  const cacheKey = `${account.tokenUri}|${account.clientEmail}|${createHash('sha256').update(account.privateKey).digest('base64url')}`;
  const cached = tokens.get(cacheKey);
  if (!fresh && cached && cached.expiresAt > Date.now() + 60_000) return cached.token;
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))}.${base64url(JSON.stringify({ iss: account.clientEmail, scope: SCOPE, aud: account.tokenUri, iat: now, exp: now + 3600 }))}`;
  let signature: string;
  try {
    signature = createSign('RSA-SHA256').update(unsigned).sign(account.privateKey, 'base64url');
  } catch {
    throw new NodeError(
      'the connector\'s private key cannot sign (is it the PEM "private_key" of the service account JSON?)',
      'GoogleKey',
      false,
    );
  }
  const json = await call(
    account.tokenUri,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: `${unsigned}.${signature}`,
      }).toString(),
    },
    policy,
    timeoutMs,
  );
  const token = json.access_token;
  if (typeof token !== 'string' || token === '')
    throw new NodeError(
      `the token endpoint ${new URL(account.tokenUri).host} answered without an access token`,
      'GoogleClientError',
      false,
    );
  tokens.set(cacheKey, { token, expiresAt: Date.now() + Number(json.expires_in ?? 3600) * 1000 });
  return token;
}

const valuesUrl = (account: ServiceAccount, spreadsheetId: string, range: string) =>
  `${account.apiRoot.replace(/\/$/, '')}/v4/spreadsheets/${encodeURIComponent(spreadsheetId)}/values/${encodeURIComponent(range)}`;

export async function readRange(account: ServiceAccount, spreadsheetId: string, range: string, policy: OutboundPolicy) {
  const token = await accessToken(account, policy);
  const json = await call(
    valuesUrl(account, spreadsheetId, range),
    { method: 'GET', headers: { authorization: `Bearer ${token}` } },
    policy,
  );
  return { range: String(json.range ?? range), rows: (json.values ?? []) as string[][] };
}

export async function appendRows(
  account: ServiceAccount,
  spreadsheetId: string,
  range: string,
  rows: unknown[][],
  policy: OutboundPolicy,
) {
  const token = await accessToken(account, policy);
  const json = await call(
    `${valuesUrl(account, spreadsheetId, range)}:append?valueInputOption=USER_ENTERED`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ majorDimension: 'ROWS', values: rows }),
    },
    policy,
  );
  return {
    range: String(json.updates?.updatedRange ?? range),
    updatedRows: Number(json.updates?.updatedRows ?? rows.length),
  };
}
