import { describe, expect, it } from 'vitest';
import { nextHop, type Hop } from './redirect';

function post(url: string): Hop {
  return {
    url: new URL(url),
    method: 'POST',
    headers: {
      Authorization: 'Bearer secret',
      cookie: 'session=1',
      'Content-Type': 'application/json',
      'x-trace': 't',
    },
    body: '{"a":1}',
  };
}

describe('nextHop', () => {
  it('turns POST into a body-less GET on 301, 302 and 303', () => {
    for (const status of [301, 302, 303]) {
      const hop = nextHop(post('https://a.example/x'), status, new URL('https://a.example/y'));
      expect(hop).toMatchObject({ method: 'GET', body: undefined });
      expect(hop.headers).toEqual({ Authorization: 'Bearer secret', cookie: 'session=1', 'x-trace': 't' });
    }
  });

  it('keeps method and body on 307 and 308', () => {
    for (const status of [307, 308]) {
      const hop = nextHop(post('https://a.example/x'), status, new URL('https://a.example/y'));
      expect(hop).toMatchObject({ method: 'POST', body: '{"a":1}' });
      expect(hop.headers['Content-Type']).toBe('application/json');
    }
  });

  it('turns any method but HEAD into GET on 303', () => {
    const put = { ...post('https://a.example/x'), method: 'PUT' };
    expect(nextHop(put, 303, new URL('https://a.example/y')).method).toBe('GET');
    expect(nextHop(put, 302, new URL('https://a.example/y')).method).toBe('PUT');
    const head = { ...post('https://a.example/x'), method: 'HEAD', body: undefined };
    expect(nextHop(head, 303, new URL('https://a.example/y')).method).toBe('HEAD');
  });

  it('drops credentials only when the origin changes, whatever their case', () => {
    const sameOrigin = nextHop(post('https://a.example/x'), 307, new URL('https://a.example/z'));
    expect(sameOrigin.headers).toHaveProperty('Authorization');
    for (const target of ['https://b.example/x', 'http://a.example/x', 'https://a.example:8443/x']) {
      const hop = nextHop(post('https://a.example/x'), 307, new URL(target));
      expect(hop.headers).toEqual({ 'Content-Type': 'application/json', 'x-trace': 't' });
    }
  });
});
