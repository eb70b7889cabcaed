import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { authorV1 } from './author-v1';
import type { PromptContext } from './prompt-version';

/**
 * A prompt context that never changes: a hand-written catalog and function list, so a test can
 * pin a prompt version's exact text without following changes to the real node catalog.
 */
const fixedPromptContext: PromptContext = {
  catalog: [
    {
      type: 'http_request',
      description: 'Calls an HTTP API.',
      connectorType: 'http',
      branches: null,
      configSchema: { type: 'object', properties: { url: { type: 'string' } }, required: ['url'] },
      outputSchema: { type: 'object', properties: { status: { type: 'number' } } },
    },
    {
      type: 'send_email',
      description: 'Sends an email through an SMTP connector.',
      connectorType: 'smtp',
      branches: null,
      configSchema: { type: 'object', properties: { connectorId: { type: 'string' } }, required: ['connectorId'] },
      outputSchema: { type: 'object' },
    },
    {
      type: 'condition',
      description: 'Evaluates an expression.',
      connectorType: null,
      branches: ['true', 'false'],
      configSchema: { type: 'object', properties: { expression: { type: 'string' } }, required: ['expression'] },
      outputSchema: { type: 'object', properties: { result: { type: 'boolean' } } },
    },
  ] as unknown as PromptContext['catalog'],
  functions: [{ name: 'length', signature: 'length(x)', description: 'How many items or characters x has.' }],
  connectors: [{ id: '11111111-2222-4333-8444-555555555555', name: 'Company mail', type: 'smtp' }],
  currentSpec: {
    trigger: { type: 'manual' },
    nodes: [
      {
        id: 'ping',
        type: 'http_request',
        name: 'Ping',
        config: { method: 'GET', url: 'https://status.acme.test', headers: [], timeoutSeconds: 30 },
      },
    ],
    edges: [],
  },
  workflowName: 'Status ping',
  today: '2026-12-02',
};

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

// Stored workflows and chat messages name author-v1, and its answers were read against exactly
// this text: a later version must not change it. The hashes were taken before author-v2 existed.
it('keeps author-v1 byte for byte', () => {
  expect(sha256(authorV1.system(fixedPromptContext))).toBe(
    '9159a924b0aa387a03b03cd0c5f6144ca73b937d964393a4453d7c2ff835c525',
  );
  expect(
    sha256(authorV1.system({ ...fixedPromptContext, currentSpec: null, workflowName: null, connectors: [] })),
  ).toBe('79d8d720764eba313cb0d73ec2bbfc25b45bfdd6ce67946cd6ca1a5b14f85ad8');
  expect(
    sha256(
      authorV1.repair([
        { path: 'edges.0', message: 'bad' },
        { path: '', message: 'worse' },
      ]),
    ),
  ).toBe('a4f0f277b61108bb4c2b0aef223fb88aa3a5525ce0b95cea40e1b486d6612ca3');
  expect(sha256(authorV1.malformed('the model did not answer with JSON'))).toBe(
    'ea975400073555417e96ef69d7e8fe09d5c0c34739c642ceb47ee872e0e23361',
  );
});
