import { describe, expect, it } from 'vitest';
import { BodyTooLargeError, listenOnLoopback, readBody, sendJson } from './fake-http';

describe('fake HTTP helpers', () => {
  it('reads bodies up to the limit and reports larger ones as BodyTooLargeError', async () => {
    const server = await listenOnLoopback(async (request, response) => {
      try {
        const body = await readBody(request, 16);
        sendJson(response, 200, { length: body.length });
      } catch (error) {
        if (!(error instanceof BodyTooLargeError)) throw error;
        sendJson(response, 413, { error: error.message });
      }
    });
    try {
      const small = await fetch(server.url, { method: 'POST', body: 'x'.repeat(16) });
      expect(await small.json()).toEqual({ length: 16 });
      const large = await fetch(server.url, { method: 'POST', body: 'x'.repeat(100_000) });
      expect(large.status).toBe(413);
      expect(await large.json()).toEqual({ error: 'request body exceeds 16 bytes' });
    } finally {
      await server.close();
    }
  });

  it('turns a handler failure into a 500 and closes despite kept-alive connections', async () => {
    const server = await listenOnLoopback(() => {
      throw new Error('boom');
    });
    const response = await fetch(server.url);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: { message: 'fake server failure: Error: boom' } });
    await server.close();
    await expect(fetch(server.url)).rejects.toThrow();
  });
});
