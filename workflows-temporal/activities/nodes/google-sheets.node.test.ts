import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGoogleSheetsServer, type FakeGoogleSheetsServer } from '../../../testing/fakes/google-sheets.fake';
import type { WorkflowSpec } from '../../../core/spec/spec.schema';
import { createConnector, createOwner } from '../../../testing/fixtures';
import {
  runToEnd,
  startCustomWorker,
  startRunEnvironment,
  type RunEnvironment,
} from '../../../testing/run-environment';
import { parseOutboundAllowNetworks } from '../../../core/connectors/outbound/safe-fetch';

// google_sheets nodes through the real interpreter: a Temporal dev server, a test worker,
// PostgreSQL, and the fake Google (OAuth token endpoint + Sheets values API) on loopback.

let env: RunEnvironment;
let google: FakeGoogleSheetsServer;
let connectorId: string;
let privateKey: string;

const sheetsNode = (id: string, config: Record<string, unknown>) =>
  ({
    id,
    type: 'google_sheets',
    name: id,
    config: { connectorId, spreadsheetId: 'book-1', range: 'Invoices!A:B', ...config },
  }) as WorkflowSpec['nodes'][number];
const readSpec = (config: Record<string, unknown> = {}): WorkflowSpec => ({
  trigger: { type: 'manual' },
  nodes: [sheetsNode('read', { operation: 'read', ...config })],
  edges: [],
});
const valueReads = () => google.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v4/')).length;

/** Pieces of the PEM body: any of them in logs or history would mean the key leaked. */
const keyPieces = () => privateKey.split('\n').filter((line) => line.length >= 40);

beforeAll(async () => {
  env = await startRunEnvironment();
  google = await startGoogleSheetsServer();
  privateKey = google.serviceAccount.private_key;
  const connector = await createConnector(
    env.services.models,
    env.services.config.APP_ENCRYPTION_KEY,
    env.owner.id,
    'google_sheets',
    { clientEmail: google.serviceAccount.client_email, tokenUri: google.serviceAccount.token_uri, apiRoot: google.url },
    { privateKey },
  );
  connectorId = connector.id;
});
afterAll(async () => {
  await google?.close();
  await env?.close();
});

describe('the google_sheets node', () => {
  it('appends rows built from the trigger payload, then a downstream node reads them back', async () => {
    google.sheets.set('book-1', new Map([['Invoices', [['Customer', 'Amount']]]]));
    const spec: WorkflowSpec = {
      trigger: { type: 'manual' },
      nodes: [
        sheetsNode('append', { operation: 'append', rows: '{{ [[trigger.name, trigger.amount]] }}' }),
        sheetsNode('read', { operation: 'read', range: 'Invoices!A1:B10' }),
      ],
      edges: [['append', 'read']],
    };
    const { run, outcome, task, logs, history } = await runToEnd(env.services, env.owner, spec, {
      name: 'Acme GmbH',
      amount: 1250.5,
    });

    expect(outcome).toBe('completed');
    expect(run.runStatus).toBe('success');
    expect(task('append')).toMatchObject({ taskStatus: 'success', attemptCount: 1 });
    expect(task('read')).toMatchObject({ taskStatus: 'success', attemptCount: 1 });
    // The remote sheet holds the row, below the header, numbers sent as text cells.
    expect(google.sheets.get('book-1')!.get('Invoices')).toEqual([
      ['Customer', 'Amount'],
      ['Acme GmbH', '1250.5'],
    ]);
    expect(logs('append').output).toEqual({ range: 'Invoices!A2:B2', rows: [['Acme GmbH', '1250.5']], updatedRows: 1 });
    expect(logs('read').output).toEqual({
      range: 'Invoices!A1:B10',
      rows: [
        ['Customer', 'Amount'],
        ['Acme GmbH', '1250.5'],
      ],
      updatedRows: 0,
    });
    // The client got a token with the service account's signed JWT, then called the values API.
    expect(google.requests.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        'POST /token',
        'POST /v4/spreadsheets/book-1/values/Invoices!A:B:append',
        'GET /v4/spreadsheets/book-1/values/Invoices!A1:B10',
      ]),
    );

    // The private key never leaves the activity: not in the task logs, not in Temporal history.
    const storedLogs = JSON.stringify([logs('append'), logs('read')]);
    const historyText = await history();
    expect(historyText).toContain(connectorId); // sanity: the decoded history does hold the node configs
    expect(keyPieces().length).toBeGreaterThan(10);
    for (const piece of keyPieces()) {
      expect(storedLogs).not.toContain(piece);
      expect(historyText).not.toContain(piece);
    }
  });

  it('fails without retrying when the spreadsheet does not exist (Google answers 404)', async () => {
    const before = google.requests.filter((r) => r.path.includes('/no-such-book/')).length;
    const spec: WorkflowSpec = {
      trigger: { type: 'manual' },
      // Five attempts allowed, and quick ones: only the error's classification can stop at one.
      nodes: [
        sheetsNode('read', {
          operation: 'read',
          spreadsheetId: 'no-such-book',
          retry: { maximumAttempts: 5, initialIntervalSeconds: 0.1, backoffCoefficient: 1 },
        }),
      ],
      edges: [],
    };
    const { run, outcome, task, logs } = await runToEnd(env.services, env.owner, spec);

    expect(outcome).toMatch(/^failed: node read failed/);
    expect(run.runStatus).toBe('failed');
    expect(task('read')).toMatchObject({ taskStatus: 'failed', attemptCount: 1 });
    expect(logs('read').error).toEqual({
      type: 'GoogleClientError',
      retryable: false,
      message: 'Google answered 404: Requested entity was not found.',
    });
    expect(google.requests.filter((r) => r.path.includes('/no-such-book/')).length - before).toBe(1);
  });

  it('fails without retrying when rows does not evaluate to a list of rows', async () => {
    google.sheets.set('book-2', new Map([['Invoices', []]]));
    const spec: WorkflowSpec = {
      trigger: { type: 'manual' },
      nodes: [sheetsNode('append', { operation: 'append', spreadsheetId: 'book-2', rows: '{{ trigger.name }}' })],
      edges: [],
    };
    const { run, task, logs } = await runToEnd(env.services, env.owner, spec, { name: 'Acme GmbH' });

    expect(run.runStatus).toBe('failed');
    expect(task('append')).toMatchObject({ taskStatus: 'failed', attemptCount: 1 });
    expect(logs('append').error).toMatchObject({
      type: 'NodeConfigError',
      retryable: false,
      message: expect.stringMatching(/^rows must evaluate to a list of rows/),
    });
    expect(google.sheets.get('book-2')!.get('Invoices')).toEqual([]);
    expect(google.requests.some((r) => r.path.includes('/book-2/'))).toBe(false);
  });

  it('does not let a connector with the same service account email but another key use a cached token', async () => {
    google.sheets.set('book-3', new Map([['Invoices', [['secret row']]]]));
    // The owner's run caches an access token for the service account...
    expect((await runToEnd(env.services, env.owner, readSpec({ spreadsheetId: 'book-3' }))).run.runStatus).toBe(
      'success',
    );
    // ...which another member, who knows only its email, must not get with a key of their own.
    const impostor = await createOwner(env.services.models, 'impostor@example.com');
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const config = {
      clientEmail: google.serviceAccount.client_email,
      tokenUri: google.serviceAccount.token_uri,
      apiRoot: google.url,
    };
    const theirs = await createConnector(
      env.services.models,
      env.services.config.APP_ENCRYPTION_KEY,
      impostor.id,
      'google_sheets',
      config,
      { privateKey: otherKey },
    );
    const reads = valueReads();
    const { run, task, logs } = await runToEnd(
      env.services,
      impostor,
      readSpec({ connectorId: theirs.id, spreadsheetId: 'book-3' }),
    );

    expect(run.runStatus).toBe('failed');
    expect(task('read')).toMatchObject({ taskStatus: 'failed', attemptCount: 1 });
    expect(logs('read').error).toEqual({
      type: 'GoogleClientError',
      retryable: false,
      message: 'Google answered 400: Invalid JWT Signature.',
    });
    expect(logs('read').output).toBeUndefined();
    expect(valueReads()).toBe(reads);
  });

  it('refuses a Google endpoint outside the outbound policy without retrying', async () => {
    const strict = await startCustomWorker(env.services, { outbound: parseOutboundAllowNetworks('') });
    try {
      const before = google.requests.length;
      const { run, task, logs } = await runToEnd(
        strict.services,
        env.owner,
        readSpec({ retry: { maximumAttempts: 4, initialIntervalSeconds: 0.1, backoffCoefficient: 1 } }),
      );

      expect(run.runStatus).toBe('failed');
      expect(task('read')).toMatchObject({ taskStatus: 'failed', attemptCount: 1 });
      expect(logs('read').error).toMatchObject({
        type: 'OutboundBlocked',
        retryable: false,
        message: expect.stringContaining('127.0.0.1'),
      });
      expect(google.requests.length).toBe(before);
    } finally {
      await strict.stop();
    }
  });
});
