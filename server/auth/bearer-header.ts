/**
 * The credentials of an `Authorization: Bearer …` header (the scheme is case-insensitive, as
 * RFC 7235 says), possibly empty or malformed; null when there is no header or another scheme.
 * The Origin check and the tRPC context both read the header through this, so they always agree
 * on which requests are token requests.
 */
export function bearerCredentials(authorization: string | undefined): string | null {
  const match = /^bearer(?:\s+(.*))?$/is.exec(authorization?.trim() ?? '');
  return match ? (match[1] ?? '').trim() : null;
}
