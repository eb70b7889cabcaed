import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetch } from 'undici';
import { createOutboundAgent } from './outbound-agent';
import { OutboundBlockedError } from './outbound-error';
import type { OutboundPolicy } from './outbound-policy';
import { startHttpTestServer, type HttpTestServer } from '../../../testing/http-test-server';

const publicOnly: OutboundPolicy = { allow: new Set() };
const loopbackAllowed: OutboundPolicy = { allow: new Set(['loopback']) };

// Names that exist nowhere but in this table: a connection that succeeds proves the socket went
// to the address the guarded lookup returned instead of resolving the name again.
const records: Record<string, LookupAddress[]> = {
  'service.test': [{ address: '127.0.0.1', family: 4 }],
  'mixed.test': [
    { address: '127.0.0.1', family: 4 },
    { address: '10.0.0.7', family: 4 },
  ],
};
const resolveAll = async (hostname: string): Promise<LookupAddress[]> => records[hostname] ?? [];

let server: HttpTestServer;
beforeAll(async () => {
  server = await startHttpTestServer((_request, response) => response.end('ok'));
});
afterAll(() => server.close());

/** Finds our refusal inside undici's "fetch failed" wrapper. */
async function refusalOf(request: Promise<unknown>): Promise<unknown> {
  const error = await request.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  return (error as Error | undefined)?.cause;
}

describe('createOutboundAgent', () => {
  // Node 20 defaults autoSelectFamily to on, which makes net call lookup with all:true; off, it
  // expects a single address. Both must connect, and only to the checked address.
  it.each([true, false])(
    'connects to the checked address of a hostname (autoSelectFamily %s)',
    async (autoSelectFamily) => {
      const agent = createOutboundAgent(loopbackAllowed, { autoSelectFamily, resolveAll });
      try {
        const before = server.requests.length;
        const response = await fetch(`http://service.test:${server.port}/hello`, { dispatcher: agent });
        expect(await response.text()).toBe('ok');
        expect(server.requests.length).toBe(before + 1);
        expect(server.requests.at(-1)?.headers.host).toBe(`service.test:${server.port}`);
      } finally {
        await agent.close();
      }
    },
  );

  it.each([true, false])(
    'refuses a name with any disallowed address (autoSelectFamily %s)',
    async (autoSelectFamily) => {
      const agent = createOutboundAgent(loopbackAllowed, { autoSelectFamily, resolveAll });
      try {
        const before = server.requests.length;
        const cause = await refusalOf(fetch(`http://mixed.test:${server.port}/`, { dispatcher: agent }));
        expect(cause).toBeInstanceOf(OutboundBlockedError);
        expect(cause).toMatchObject({ host: 'mixed.test', address: '10.0.0.7' });
        expect(server.requests.length).toBe(before);
      } finally {
        await agent.close();
      }
    },
  );

  it('refuses literal IP hosts in the connector itself, where no lookup happens', async () => {
    const agent = createOutboundAgent(publicOnly, { resolveAll });
    try {
      const before = server.requests.length;
      const cause = await refusalOf(fetch(`${server.url}/`, { dispatcher: agent }));
      expect(cause).toBeInstanceOf(OutboundBlockedError);
      expect(cause).toMatchObject({ address: '127.0.0.1', range: 'loopback' });
      expect(server.requests.length).toBe(before);
    } finally {
      await agent.close();
    }
  });
});
