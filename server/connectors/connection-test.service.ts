import { performance } from 'node:perf_hooks';
import OpenAI from 'openai';
import type { AppServices } from '../app-services';
import { recordAudit } from '../audit/audit.service';
import type { Connector, User } from '../../core/db/models';
import { parseOutboundAllowNetworks, safeFetch, type OutboundPolicy } from '../../core/connectors/outbound/safe-fetch';
import { accessToken } from '../../core/connectors/google-sheets-client';
import { connectorHeaders } from '../../core/connectors/http-connector-headers';
import { openAiConnectorClient } from '../../core/connectors/openai-connector-client';
import { openSmtpTransport, smtpFailure } from '../../core/connectors/smtp-transport';
import type { ConnectorType } from '../../core/connectors/connector-configs';
import { checkSettings, settingsWithChanges, type ConnectorSettings, type SettingsChanges } from './connector-settings';
import type { ConnectionTestResult } from './connector.dto';
import { findAccessibleConnector } from './connectors.service';

// "Test connection": one real round trip with the connector's credentials, through the same code
// (and the same outbound policy) its nodes use, so a passing test means a run can get through.

const TIMEOUT_MS = 10_000;

type Probe<T extends ConnectorType> = (settings: ConnectorSettings<T>, policy: OutboundPolicy) => Promise<string>;

/** Each type's round trip: resolves with what succeeded, throws what failed. */
const probes: { [T in ConnectorType]: Probe<T> } = {
  // Any HTTP answer shows the base URL is reachable; the status says the rest.
  http: async ({ config, secret }, policy) => {
    const response = await safeFetch(
      {
        url: config.baseUrl,
        headers: connectorHeaders(config, secret),
        timeoutMs: TIMEOUT_MS,
        redirectsStayUnder: new URL(config.baseUrl),
      },
      policy,
    );
    const where = new URL(response.url);
    const refused = response.status === 401 || response.status === 403 ? ': it refused the credentials' : '';
    return `${where.origin}${where.pathname} answered HTTP ${response.status}${refused}`;
  },
  smtp: async ({ config, secret }, policy) => {
    const transport = await openSmtpTransport(config, secret, policy, {
      connectionMs: TIMEOUT_MS,
      greetingMs: TIMEOUT_MS,
      socketMs: TIMEOUT_MS,
    });
    try {
      await transport.verify();
    } catch (error) {
      throw new Error(smtpFailure(error).message);
    } finally {
      transport.close();
    }
    return `${config.host}:${config.port} accepted the connection${config.username ? ` and the sign-in of ${config.username}` : ''}`;
  },
  // The token exchange is where a wrong key or account shows; fresh, so a cached token proves nothing.
  google_sheets: async ({ config, secret }, policy) => {
    const account = {
      clientEmail: config.clientEmail,
      privateKey: secret?.privateKey ?? '',
      tokenUri: config.tokenUri,
      apiRoot: config.apiRoot,
    };
    await accessToken(account, policy, { fresh: true, timeoutMs: TIMEOUT_MS });
    return `${new URL(config.tokenUri).host} issued an access token to ${config.clientEmail}`;
  },
  openai: async ({ config, secret }, policy) => {
    const page = await openAiConnectorClient(config, secret?.apiKey ?? '', policy, TIMEOUT_MS).models.list();
    return `${config.baseUrl} listed ${page.data.length} model(s)`;
  },
};

/**
 * A failed round trip as a message. The shared clients already word their errors for people
 * (refused address, timeout, SMTP code, Google's answer); whatever a remote server provokes is a
 * failed test, never a 500.
 */
function failureMessage(error: unknown): string {
  if (error instanceof OpenAI.APIError && error.status !== undefined) return `the endpoint answered ${error.message}`;
  // The SDK wraps the outbound guard's errors; theirs say what happened.
  if (error instanceof OpenAI.APIConnectionError && error.cause instanceof Error) return error.cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** Every string in the secret of four characters or more; shorter ones would garble messages and are no real secret. */
function secretStrings(value: unknown): string[] {
  if (typeof value === 'string') return value.length >= 4 ? [value] : [];
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(secretStrings);
  return [];
}

/** Runs the type's probe; failures come back as ok:false, with any secret value a server echoed blanked out. */
export async function probeConnection(
  settings: ConnectorSettings,
  policy: OutboundPolicy,
): Promise<ConnectionTestResult> {
  const started = performance.now();
  let ok = true;
  let message: string;
  try {
    message = await (probes[settings.type] as Probe<ConnectorType>)(settings, policy);
  } catch (error) {
    ok = false;
    message = failureMessage(error);
  }
  for (const value of secretStrings(settings.secret)) message = message.replaceAll(value, '[secret]');
  return { ok, message, latencyMs: Math.round(performance.now() - started) };
}

/** What to test: a saved connector (with unsaved changes, if given), or settings not saved yet. */
export type ConnectionTestInput =
  ({ connectorId: string } & SettingsChanges) | { type: ConnectorType; config: unknown; secret: unknown };

/**
 * Tests a connection and records that it did. Access and invalid settings are refused before any
 * outbound call; nothing is saved.
 */
export async function testConnection(
  services: Pick<AppServices, 'models' | 'config'>,
  user: User,
  input: ConnectionTestInput,
): Promise<ConnectionTestResult> {
  let saved: Connector | null = null;
  let settings: ConnectorSettings;
  if ('connectorId' in input) {
    saved = await findAccessibleConnector(services.models, user, input.connectorId);
    settings = await settingsWithChanges(services, saved, input);
  } else {
    settings = checkSettings(input.type, input.config, input.secret);
  }
  const result = await probeConnection(settings, parseOutboundAllowNetworks(services.config.OUTBOUND_ALLOW_NETWORKS));
  const unsaved = !saved || input.config !== undefined || input.secret !== undefined;
  const details = {
    type: settings.type,
    ...(saved ? { name: saved.name } : {}),
    unsaved,
    ok: result.ok,
    latencyMs: result.latencyMs,
  };
  await recordAudit(services.models, {
    actorId: user.id,
    action: 'connector.test',
    resourceType: 'connector',
    resourceId: saved?.id ?? null,
    details,
  });
  return result;
}
