import type { ConnectorConfig, ConnectorSecret } from './connector-configs';

/** The headers an http connector adds to every request: its own, its secret ones, and its auth. */
export function connectorHeaders(
  connector: ConnectorConfig<'http'>,
  secret: ConnectorSecret<'http'> | null,
): Record<string, string> {
  const headers = Object.fromEntries(
    [...connector.headers, ...(secret?.headers ?? [])].map((h) => [h.name.toLowerCase(), h.value]),
  );
  if (connector.auth === 'bearer' && secret?.bearerToken) headers.authorization = `Bearer ${secret.bearerToken}`;
  if (connector.auth === 'basic' && secret?.username !== undefined) {
    headers.authorization = `Basic ${Buffer.from(`${secret.username}:${secret.password ?? ''}`).toString('base64')}`;
  }
  return headers;
}
