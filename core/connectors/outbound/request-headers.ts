// Header plumbing for safeFetch. Validation happens here rather than in undici because undici's
// own errors quote the offending value, and a header value is usually a token or a cookie.
import type { Headers } from 'undici';
import { OutboundHttpError } from './outbound-error';

// RFC 9110 token: what a header name or method may consist of.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// RFC 9110 field-value: no CR, LF or NUL (those would split or truncate the header block).
const FORBIDDEN_IN_VALUE = /[\r\n\0]/;

/** Throws 'bad-url' (the request cannot be sent as given) for a malformed method or header, never quoting values. */
export function checkRequestShape(method: string, headers: Record<string, string>, hasBody: boolean): void {
  if (!TOKEN.test(method)) throw new OutboundHttpError('bad-url', 'the HTTP method is not a valid token');
  if (hasBody && (method === 'GET' || method === 'HEAD')) {
    throw new OutboundHttpError('bad-url', `a ${method} request cannot carry a body`);
  }
  for (const [name, value] of Object.entries(headers)) {
    if (!TOKEN.test(name)) throw new OutboundHttpError('bad-url', 'a request header has an invalid name');
    if (FORBIDDEN_IN_VALUE.test(value)) {
      throw new OutboundHttpError(
        'bad-url',
        `request header "${name}" has a value with CR, LF or NUL in it (value not shown)`,
      );
    }
  }
}

/** Response headers as a plain object with lower-case names; repeated headers are joined with ", ". */
export function headersToRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    const previous = record[name];
    record[name] = previous === undefined ? value : `${previous}, ${value}`;
  });
  return record;
}
