import { generateKeyPairSync, randomBytes, verify, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatA1Range, parseA1Range, parseCellBox } from './a1-notation';
import { BodyTooLargeError, listenOnLoopback, readBody, sendJson } from './fake-http';

/** The subset of a Google service-account key file the production client reads. */
export interface FakeServiceAccount {
  client_email: string;
  private_key: string;
  token_uri: string;
}

/** A running fake of Google's OAuth2 token endpoint and the Sheets API v4 values endpoints. */
export interface FakeGoogleSheetsServer {
  url: string;
  tokenUrl: string;
  serviceAccount: FakeServiceAccount;
  sheets: Map<string, Map<string, string[][]>>;
  requests: Array<{ method: string; path: string }>;
  close(): Promise<void>;
}

const SPREADSHEETS_SCOPE = 'https://www.googleapis.com/auth/spreadsheets';
const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const ACCESS_TOKEN_SECONDS = 3600;
// Google tolerates a few minutes of skew between the client's clock and its own.
const CLOCK_SKEW_SECONDS = 300;
// A new Google sheet's grid is A1:Z1000; open-ended ranges (`A:B`, `Sheet1`) end there.
const DEFAULT_GRID_ROWS = 1000;
const DEFAULT_GRID_COLUMNS = 26;

/** A range resolved against one sheet: open ends already closed at the sheet's grid edge. */
interface SheetTarget {
  title: string;
  rows: string[][];
  startRow: number;
  startColumn: number;
  endRow: number;
  endColumn: number;
}

/** Starts the fake on loopback; `now` (ms) lets a test move the clock forward to expire access tokens. */
export async function startGoogleSheetsServer(options: { now?: () => number } = {}): Promise<FakeGoogleSheetsServer> {
  const now = options.now ?? Date.now;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const clientEmail = 'sheets-writer@fake-project.iam.gserviceaccount.com';
  const sheets = new Map<string, Map<string, string[][]>>();
  const requests: Array<{ method: string; path: string }> = [];
  const accessTokens = new Map<string, number>(); // token → expiry in ms
  let tokenUrl = '';

  const server = await listenOnLoopback(async (request, response) => {
    const target = request.url ?? '/';
    const queryStart = target.indexOf('?');
    const rawPath = queryStart === -1 ? target : target.slice(0, queryStart);
    const query = queryStart === -1 ? '' : target.slice(queryStart + 1);
    requests.push({ method: request.method ?? '', path: safeDecode(rawPath) ?? rawPath });
    let body: string;
    try {
      body = (await readBody(request)).toString('utf8');
    } catch (error) {
      if (error instanceof BodyTooLargeError)
        return googleError(response, 413, 'Request payload size exceeds the limit.', 'INVALID_ARGUMENT');
      throw error;
    }

    if (rawPath === '/token' && request.method === 'POST') {
      const verdict = checkAssertion(body, { clientEmail, publicKey, tokenUrl, nowSeconds: Math.floor(now() / 1000) });
      if (typeof verdict === 'string')
        return sendJson(response, 400, { error: 'invalid_grant', error_description: verdict });
      const accessToken = `ya29.fake-${randomBytes(24).toString('base64url')}`;
      accessTokens.set(accessToken, now() + ACCESS_TOKEN_SECONDS * 1000);
      return sendJson(response, 200, {
        access_token: accessToken,
        expires_in: ACCESS_TOKEN_SECONDS,
        token_type: 'Bearer',
      });
    }

    const route = /^\/v4\/spreadsheets\/([^/]+)\/values\/([^/]+)$/.exec(rawPath);
    if (!route) return googleError(response, 404, `Method not found: ${request.method} ${rawPath}`, 'NOT_FOUND');
    const authFailure = checkBearer(request, accessTokens, now());
    if (authFailure) return googleError(response, 401, authFailure, 'UNAUTHENTICATED');

    const spreadsheetId = safeDecode(route[1] ?? '') ?? '';
    // The colon of `:append` is literal; colons inside the range may or may not be percent-encoded.
    const rawRange = route[2] ?? '';
    const isAppend = rawRange.endsWith(':append');
    const operation =
      request.method === 'GET' && !isAppend ? 'read' : request.method === 'POST' && isAppend ? 'append' : null;
    if (!operation) return googleError(response, 404, `Method not found: ${request.method} ${rawPath}`, 'NOT_FOUND');
    const spreadsheet = sheets.get(spreadsheetId);
    if (!spreadsheet) return googleError(response, 404, 'Requested entity was not found.', 'NOT_FOUND');
    const rangeText = safeDecode(isAppend ? rawRange.slice(0, -':append'.length) : rawRange);
    const cells = rangeText === null ? null : resolveRange(spreadsheet, rangeText);
    if (!cells)
      return googleError(response, 400, `Unable to parse range: ${rangeText ?? rawRange}`, 'INVALID_ARGUMENT');

    if (operation === 'read') return sendJson(response, 200, readValues(cells));
    return appendValues(response, spreadsheetId, cells, new URLSearchParams(query), body);
  });

  tokenUrl = `${server.url}/token`;
  return {
    url: server.url,
    tokenUrl,
    serviceAccount: {
      client_email: clientEmail,
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      token_uri: tokenUrl,
    },
    sheets,
    requests,
    close: server.close,
  };
}

// Google's JSON error envelope for its REST APIs.
function googleError(response: ServerResponse, code: number, message: string, status: string): void {
  sendJson(response, code, { error: { code, message, status } });
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** Why a `Bearer` header is refused, or null when it names a live access token. */
function checkBearer(request: IncomingMessage, tokens: Map<string, number>, nowMs: number): string | null {
  const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (token === undefined) {
    return 'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.';
  }
  const expiry = tokens.get(token);
  if (expiry === undefined || expiry <= nowMs) {
    return 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.';
  }
  return null;
}

/** Verifies a jwt-bearer token request the way Google does; returns the error_description on refusal. */
function checkAssertion(
  form: string,
  expected: { clientEmail: string; publicKey: KeyObject; tokenUrl: string; nowSeconds: number },
): true | string {
  const params = new URLSearchParams(form);
  if (params.get('grant_type') !== JWT_BEARER_GRANT) return 'Invalid grant_type.';
  const parts = (params.get('assertion') ?? '').split('.');
  if (parts.length !== 3) return 'Invalid JWT: not three dot-separated parts.';
  const [headerPart = '', claimsPart = '', signaturePart = ''] = parts;
  const header = decodeJwtJson(headerPart);
  const claims = decodeJwtJson(claimsPart);
  if (!header || !claims) return 'Invalid JWT: header or claims are not base64url JSON.';
  if (header.alg !== 'RS256') return 'Invalid JWT: only RS256 is accepted.';
  const signed = Buffer.from(`${headerPart}.${claimsPart}`);
  if (!verify('RSA-SHA256', signed, expected.publicKey, Buffer.from(signaturePart, 'base64url')))
    return 'Invalid JWT Signature.';
  if (claims.iss !== expected.clientEmail) return 'Invalid grant: account not found';
  if (claims.aud !== expected.tokenUrl) return 'Invalid JWT: aud does not name this token endpoint.';
  const { iat, exp } = claims;
  const shortLivedMessage =
    'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.';
  if (typeof iat !== 'number' || typeof exp !== 'number') return shortLivedMessage;
  if (exp <= expected.nowSeconds || exp - iat > 3600 || exp <= iat || iat > expected.nowSeconds + CLOCK_SKEW_SECONDS) {
    return shortLivedMessage;
  }
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
  if (!scopes.includes(SPREADSHEETS_SCOPE)) return 'Invalid JWT: scope must include the spreadsheets scope.';
  return true;
}

function decodeJwtJson(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** Finds the sheet and rectangle a range names; null when malformed or the sheet does not exist (Google: 400). */
function resolveRange(spreadsheet: Map<string, string[][]>, text: string): SheetTarget | null {
  const parsed = parseA1Range(text);
  if (!parsed) return null;
  let { sheet: title, box } = parsed;
  if (title !== undefined && box === undefined && !spreadsheet.has(title)) {
    // Without `!`, `A1:B2` names cells of the first sheet rather than a sheet called "A1:B2".
    const cells = parseCellBox(text);
    if (!cells) return null;
    [title, box] = [undefined, cells];
  }
  title ??= spreadsheet.keys().next().value;
  if (title === undefined) return null;
  const rows = spreadsheet.get(title);
  if (!rows) return null;
  const gridRows = Math.max(DEFAULT_GRID_ROWS, rows.length);
  const gridColumns = rows.reduce((widest, row) => Math.max(widest, row.length), DEFAULT_GRID_COLUMNS);
  return {
    title,
    rows,
    startRow: box?.startRow ?? 0,
    startColumn: box?.startColumn ?? 0,
    endRow: box?.endRow ?? gridRows - 1,
    endColumn: box?.endColumn ?? gridColumns - 1,
  };
}

/** The ValueRange for a read: rows clipped to the rectangle, trailing empty cells and rows dropped as Google does. */
function readValues(target: SheetTarget): { range: string; majorDimension: 'ROWS'; values?: string[][] } {
  const values: string[][] = [];
  for (let r = target.startRow; r <= target.endRow && r < target.rows.length; r++) {
    const row = (target.rows[r] ?? []).slice(target.startColumn, target.endColumn + 1).map((cell) => cell ?? '');
    while (row.length > 0 && row[row.length - 1] === '') row.pop();
    values.push(row);
  }
  while (values.length > 0 && values[values.length - 1]?.length === 0) values.pop();
  const range = formatA1Range(target.title, target.startRow, target.startColumn, target.endRow, target.endColumn);
  return values.length > 0 ? { range, majorDimension: 'ROWS', values } : { range, majorDimension: 'ROWS' };
}

function appendValues(
  response: ServerResponse,
  spreadsheetId: string,
  target: SheetTarget,
  query: URLSearchParams,
  body: string,
): void {
  const valueInputOption = query.get('valueInputOption');
  if (valueInputOption === null) {
    return googleError(response, 400, "'valueInputOption' is required but not specified", 'INVALID_ARGUMENT');
  }
  if (valueInputOption !== 'RAW' && valueInputOption !== 'USER_ENTERED') {
    return googleError(
      response,
      400,
      `Invalid value at 'value_input_option' (${valueInputOption})`,
      'INVALID_ARGUMENT',
    );
  }
  let payload: unknown;
  try {
    payload = JSON.parse(body === '' ? '{}' : body);
  } catch {
    return googleError(response, 400, 'Invalid JSON payload received.', 'INVALID_ARGUMENT');
  }
  const parsed = toCellRows(payload);
  if (typeof parsed === 'string') return googleError(response, 400, parsed, 'INVALID_ARGUMENT');

  // Google appends below the last row holding data within the range's columns, starting from the range's top.
  const { rows, startColumn, endColumn, startRow } = target;
  let lastDataRow = -1;
  let lastDataColumn = startColumn;
  for (let r = startRow; r < rows.length; r++) {
    const row = rows[r] ?? [];
    for (let c = startColumn; c <= endColumn && c < row.length; c++) {
      if ((row[c] ?? '') !== '') {
        lastDataRow = r;
        lastDataColumn = Math.max(lastDataColumn, c);
      }
    }
  }
  const firstFreeRow = lastDataRow === -1 ? startRow : lastDataRow + 1;
  const tableRange =
    lastDataRow === -1 ? undefined : formatA1Range(target.title, startRow, startColumn, lastDataRow, lastDataColumn);

  // USER_ENTERED is stored like RAW: the fake evaluates no formulas or number formats.
  parsed.forEach((cells, i) => {
    const r = firstFreeRow + i;
    while (rows.length <= r) rows.push([]);
    const row = rows[r] ?? [];
    while (row.length < startColumn) row.push('');
    row.splice(startColumn, cells.length, ...cells);
    rows[r] = row;
  });

  const width = parsed.reduce((widest, cells) => Math.max(widest, cells.length), 0);
  const updates =
    parsed.length === 0 || width === 0
      ? { spreadsheetId }
      : {
          spreadsheetId,
          updatedRange: formatA1Range(
            target.title,
            firstFreeRow,
            startColumn,
            firstFreeRow + parsed.length - 1,
            startColumn + width - 1,
          ),
          updatedRows: parsed.length,
          updatedColumns: width,
          updatedCells: parsed.reduce((sum, cells) => sum + cells.length, 0),
        };
  sendJson(response, 200, tableRange ? { spreadsheetId, tableRange, updates } : { spreadsheetId, updates });
}

/** The body's `values` as rows of strings (RAW storage), or the INVALID_ARGUMENT message. */
function toCellRows(payload: unknown): string[][] | string {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    return 'Invalid JSON payload received.';
  const { values = [], majorDimension = 'ROWS' } = payload as { values?: unknown; majorDimension?: unknown };
  if (majorDimension !== 'ROWS' && majorDimension !== 'COLUMNS')
    return `Invalid value at 'data.major_dimension' (${String(majorDimension)})`;
  if (!Array.isArray(values)) return "Invalid value at 'data.values'";
  const rows: string[][] = [];
  for (const [i, line] of values.entries()) {
    if (!Array.isArray(line)) return `Invalid value at 'data.values[${i}]'`;
    const cells: string[] = [];
    for (const [j, cell] of line.entries()) {
      if (cell === null) cells.push('');
      else if (typeof cell === 'string' || typeof cell === 'number' || typeof cell === 'boolean')
        cells.push(String(cell));
      else return `Invalid values[${i}][${j}]: ${JSON.stringify(cell)}`;
    }
    rows.push(cells);
  }
  if (majorDimension === 'ROWS') return rows;
  // COLUMNS: each inner array is one column; turn it into rows.
  const height = rows.reduce((tallest, column) => Math.max(tallest, column.length), 0);
  return Array.from({ length: height }, (_, r) => rows.map((column) => column[r] ?? ''));
}
