import { createSign, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startGoogleSheetsServer, type FakeGoogleSheetsServer } from './google-sheets.fake';

const SCOPE = 'https://www.googleapis.com/auth/spreadsheets';

// The production client is written elsewhere; this is the minimum of Google's service-account flow.
function signJwt(claims: Record<string, unknown>, privateKeyPem: string): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(claims)}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKeyPem).toString('base64url');
  return `${unsigned}.${signature}`;
}

function claimsFor(server: FakeGoogleSheetsServer, overrides: Record<string, unknown> = {}, nowMs = Date.now()) {
  const iat = Math.floor(nowMs / 1000);
  return {
    iss: server.serviceAccount.client_email,
    scope: SCOPE,
    aud: server.tokenUrl,
    iat,
    exp: iat + 3600,
    ...overrides,
  };
}

function exchange(server: FakeGoogleSheetsServer, assertion: string) {
  return fetch(server.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).toString(),
  });
}

async function accessToken(server: FakeGoogleSheetsServer, nowMs = Date.now()): Promise<string> {
  const response = await exchange(server, signJwt(claimsFor(server, {}, nowMs), server.serviceAccount.private_key));
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}

async function withServer(test: (server: FakeGoogleSheetsServer) => Promise<void>, now?: () => number) {
  const server = await startGoogleSheetsServer(now ? { now } : {});
  try {
    await test(server);
  } finally {
    await server.close();
  }
}

function valuesUrl(server: FakeGoogleSheetsServer, spreadsheetId: string, range: string, suffix = '') {
  return `${server.url}/v4/spreadsheets/${encodeURIComponent(spreadsheetId)}/values/${encodeURIComponent(range)}${suffix}`;
}

describe('fake Google Sheets server', () => {
  it('exchanges a correctly signed service-account JWT for a Bearer access token', () =>
    withServer(async (server) => {
      expect(server.serviceAccount.private_key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
      expect(server.serviceAccount.token_uri).toBe(`${server.url}/token`);
      const response = await exchange(server, signJwt(claimsFor(server), server.serviceAccount.private_key));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        access_token: expect.stringMatching(/^ya29\./),
        expires_in: 3600,
        token_type: 'Bearer',
      });
      expect(server.requests).toEqual([{ method: 'POST', path: '/token' }]);
    }));

  it('refuses JWTs signed by another key or with wrong claims, as invalid_grant', () =>
    withServer(async (server) => {
      const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString();
      const key = server.serviceAccount.private_key;
      const now = Math.floor(Date.now() / 1000);
      const refused = [
        signJwt(claimsFor(server), otherKey),
        signJwt(claimsFor(server, { iss: 'someone@else.iam.gserviceaccount.com' }), key),
        signJwt(claimsFor(server, { aud: 'https://oauth2.googleapis.com/token' }), key),
        signJwt(claimsFor(server, { exp: now - 10, iat: now - 3610 }), key),
        signJwt(claimsFor(server, { exp: now + 7200 }), key),
        signJwt(claimsFor(server, { scope: 'https://www.googleapis.com/auth/drive' }), key),
        'not-a-jwt',
      ];
      for (const assertion of refused) {
        const response = await exchange(server, assertion);
        expect(response.status, assertion).toBe(400);
        expect(await response.json()).toEqual({ error: 'invalid_grant', error_description: expect.any(String) });
      }
      const signature = await (await exchange(server, refused[0] ?? '')).json();
      expect(signature).toEqual({ error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
    }));

  it('appends rows after the last non-empty row and reads them back', () =>
    withServer(async (server) => {
      server.sheets.set(
        'sheet-1',
        new Map([
          [
            'Leads',
            [
              ['Name', 'Email', 'Score'],
              ['Ann', 'ann@example.test', '3'],
            ],
          ],
        ]),
      );
      const token = await accessToken(server);
      const append = await fetch(valuesUrl(server, 'sheet-1', 'Leads!A:C', ':append?valueInputOption=RAW'), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          majorDimension: 'ROWS',
          values: [
            ['Bob', 'bob@example.test', 7],
            ['Cy', null, true],
          ],
        }),
      });
      expect(append.status).toBe(200);
      expect(await append.json()).toEqual({
        spreadsheetId: 'sheet-1',
        tableRange: 'Leads!A1:C2',
        updates: {
          spreadsheetId: 'sheet-1',
          updatedRange: 'Leads!A3:C4',
          updatedRows: 2,
          updatedColumns: 3,
          updatedCells: 6,
        },
      });
      const read = await fetch(valuesUrl(server, 'sheet-1', 'Leads'), {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(await read.json()).toEqual({
        range: 'Leads!A1:Z1000',
        majorDimension: 'ROWS',
        values: [
          ['Name', 'Email', 'Score'],
          ['Ann', 'ann@example.test', '3'],
          ['Bob', 'bob@example.test', '7'],
          ['Cy', '', 'true'],
        ],
      });
      expect(server.requests.map((r) => r.path)).toContain('/v4/spreadsheets/sheet-1/values/Leads!A:C:append');
    }));

  it('appends to an empty sheet from the top of the range, without a tableRange', () =>
    withServer(async (server) => {
      server.sheets.set('s', new Map([['My Sheet', []]]));
      const token = await accessToken(server);
      // Unencoded range, as a hand-written client might send it.
      const response = await fetch(
        `${server.url}/v4/spreadsheets/s/values/'My%20Sheet'!B2:append?valueInputOption=USER_ENTERED`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${token}` },
          body: JSON.stringify({ values: [['x', 'y']] }),
        },
      );
      expect(await response.json()).toEqual({
        spreadsheetId: 's',
        updates: {
          spreadsheetId: 's',
          updatedRange: "'My Sheet'!B2:C2",
          updatedRows: 1,
          updatedColumns: 2,
          updatedCells: 2,
        },
      });
      expect(server.sheets.get('s')?.get('My Sheet')).toEqual([[], ['', 'x', 'y']]);
    }));

  it('clips reads to the requested rectangle and omits values when it is empty', () =>
    withServer(async (server) => {
      server.sheets.set(
        'grid',
        new Map([
          ['First', [['a1', 'b1', 'c1', 'd1'], ['a2', 'b2', '', ''], [], ['a4', 'b4', 'c4', 'd4']]],
          ['My Sheet', [['m1', 'n1']]],
        ]),
      );
      const token = await accessToken(server);
      const read = async (range: string) =>
        (await fetch(valuesUrl(server, 'grid', range), { headers: { authorization: `Bearer ${token}` } })).json();
      expect(await read('First!B1:C2')).toEqual({
        range: 'First!B1:C2',
        majorDimension: 'ROWS',
        values: [['b1', 'c1'], ['b2']],
      });
      expect(await read('First!A2:B')).toEqual({
        range: 'First!A2:B1000',
        majorDimension: 'ROWS',
        values: [['a2', 'b2'], [], ['a4', 'b4']],
      });
      expect(await read('First!3:4')).toEqual({
        range: 'First!A3:Z4',
        majorDimension: 'ROWS',
        values: [[], ['a4', 'b4', 'c4', 'd4']],
      });
      expect(await read('C1:D1')).toEqual({ range: 'First!C1:D1', majorDimension: 'ROWS', values: [['c1', 'd1']] });
      expect(await read("'My Sheet'!A:A")).toEqual({
        range: "'My Sheet'!A1:A1000",
        majorDimension: 'ROWS',
        values: [['m1']],
      });
      expect(await read('First!E1:F9')).toEqual({ range: 'First!E1:F9', majorDimension: 'ROWS' });
    }));

  it('answers 401 without a valid, unexpired access token', async () => {
    let clock = Date.now();
    await withServer(
      async (server) => {
        server.sheets.set('s', new Map([['Sheet1', [['x']]]]));
        const url = valuesUrl(server, 's', 'Sheet1!A1');
        const missing = await fetch(url);
        expect(missing.status).toBe(401);
        expect(await missing.json()).toEqual({
          error: { code: 401, message: expect.stringContaining('missing'), status: 'UNAUTHENTICATED' },
        });
        const invalid = await fetch(url, { headers: { authorization: 'Bearer made-up' } });
        expect(invalid.status).toBe(401);
        expect(await invalid.json()).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED' } });

        const token = await accessToken(server, clock);
        expect((await fetch(url, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
        clock += 3600 * 1000;
        expect((await fetch(url, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
      },
      () => clock,
    );
  });

  it('answers 404 for unknown spreadsheets and 400 for malformed ranges or a missing valueInputOption', () =>
    withServer(async (server) => {
      server.sheets.set('s', new Map([['Sheet1', []]]));
      const auth = { authorization: `Bearer ${await accessToken(server)}` };
      const unknown = await fetch(valuesUrl(server, 'nope', 'Sheet1'), { headers: auth });
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toEqual({
        error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' },
      });
      for (const range of ['Sheet1!A1:B2:C3', 'Sheet1!1A', 'Missing!A1', 'NotASheet']) {
        const malformed = await fetch(valuesUrl(server, 's', range), { headers: auth });
        expect(malformed.status, range).toBe(400);
        expect(await malformed.json()).toEqual({
          error: { code: 400, message: `Unable to parse range: ${range}`, status: 'INVALID_ARGUMENT' },
        });
      }
      const noOption = await fetch(valuesUrl(server, 's', 'Sheet1', ':append'), {
        method: 'POST',
        headers: auth,
        body: '{"values":[["x"]]}',
      });
      expect(noOption.status).toBe(400);
      expect(await noOption.json()).toMatchObject({
        error: { code: 400, status: 'INVALID_ARGUMENT', message: expect.stringContaining('valueInputOption') },
      });
      const badCell = await fetch(valuesUrl(server, 's', 'Sheet1', ':append?valueInputOption=RAW'), {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ values: [[{ nested: true }]] }),
      });
      expect(badCell.status).toBe(400);
      expect(server.sheets.get('s')?.get('Sheet1')).toEqual([]);
    }));

  it('answers 413 to bodies over 5 MiB', () =>
    withServer(async (server) => {
      const response = await fetch(`${server.url}/token`, { method: 'POST', body: 'x'.repeat(5 * 1024 * 1024 + 1) });
      expect(response.status).toBe(413);
    }));
});
