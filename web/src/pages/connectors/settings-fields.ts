import { z } from 'zod';
import { connectorSchemas, type ConnectorType } from '../../../../core/connectors/connector-configs';

// The connector form is drawn from the same zod schemas the API checks with (pure zod, no Node
// imports), through their JSON Schema: a new field or type on the server shows up here unchanged.

export type FieldKind = 'text' | 'url' | 'email' | 'integer' | 'boolean' | 'choice' | 'pairs';

/** One input of the form, for a config or secret field. */
export interface SettingField {
  key: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  /** An empty input means null (rather than "not given"). */
  nullable: boolean;
  defaultValue: unknown;
  description: string | undefined;
  options: string[];
  /** A secret that is pasted as several lines (a PEM key) needs a text area, not a one-line input. */
  multiline: boolean;
}

export type Pair = { name: string; value: string };
export type FieldValue = string | boolean | Pair[];
export type FieldValues = Record<string, FieldValue>;

export const connectorTypes = Object.keys(connectorSchemas) as ConnectorType[];

export const typeLabels: Record<ConnectorType, string> = {
  http: 'HTTP API',
  smtp: 'SMTP (email)',
  google_sheets: 'Google Sheets',
  openai: 'OpenAI-compatible',
};

const acronyms: Record<string, string> = { url: 'URL', uri: 'URI', api: 'API' };
const multilineSecrets = new Set(['privateKey']);

/** "baseUrl" → "Base URL", "apiKey" → "API key". */
function labelOf(key: string): string {
  const words = key.split(/(?=[A-Z])/).map((word) => acronyms[word.toLowerCase()] ?? word.toLowerCase());
  const [first = '', ...rest] = words;
  return [first[0]!.toUpperCase() + first.slice(1), ...rest].join(' ');
}

interface JsonSchemaProperty {
  type?: string;
  format?: string;
  enum?: string[];
  anyOf?: JsonSchemaProperty[];
  default?: unknown;
  description?: string;
}

function fieldsOf(schema: z.ZodType): SettingField[] {
  const json = z.toJSONSchema(schema, { io: 'input' }) as {
    properties?: Record<string, JsonSchemaProperty>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([key, property]) => {
    const variants = property.anyOf ?? [property];
    const main = variants.find((variant) => variant.type !== 'null') ?? property;
    const kind: FieldKind = main.enum
      ? 'choice'
      : main.type === 'boolean'
        ? 'boolean'
        : main.type === 'integer' || main.type === 'number'
          ? 'integer'
          : main.type === 'array'
            ? 'pairs'
            : main.format === 'uri'
              ? 'url'
              : main.format === 'email'
                ? 'email'
                : 'text';
    return {
      key,
      label: labelOf(key),
      kind,
      required: json.required?.includes(key) ?? false,
      nullable: variants.some((variant) => variant.type === 'null'),
      defaultValue: property.default,
      description: property.description,
      options: main.enum ?? [],
      multiline: multilineSecrets.has(key),
    };
  });
}

const cache = new Map<ConnectorType, { config: SettingField[]; secret: SettingField[] }>();

/** The config and secret fields of a connector type. */
export function settingFields(type: ConnectorType) {
  let fields = cache.get(type);
  if (!fields) {
    fields = { config: fieldsOf(connectorSchemas[type].config), secret: fieldsOf(connectorSchemas[type].secret) };
    cache.set(type, fields);
  }
  return fields;
}

/**
 * Secret fields that only matter for some configs: an HTTP API's bearer token with bearer auth,
 * its username and password with basic auth. Showing the others would invite credentials that
 * are never sent.
 */
const secretShownWhen: Partial<Record<ConnectorType, Record<string, (config: FieldValues) => boolean>>> = {
  http: {
    bearerToken: (c) => c.auth === 'bearer',
    username: (c) => c.auth === 'basic',
    password: (c) => c.auth === 'basic',
  },
};

export function visibleSecretFields(type: ConnectorType, config: FieldValues): SettingField[] {
  const rules = secretShownWhen[type] ?? {};
  return settingFields(type).secret.filter((field) => rules[field.key]?.(config) ?? true);
}

/** Form values for stored settings (or the defaults, for a new connector). */
export function initialValues(fields: SettingField[], stored: Record<string, unknown> = {}): FieldValues {
  const values: FieldValues = {};
  for (const field of fields) {
    const value = field.key in stored ? stored[field.key] : field.defaultValue;
    if (field.kind === 'boolean') values[field.key] = value === true;
    // Headers saved as an object by older versions read as pairs too.
    else if (field.kind === 'pairs')
      values[field.key] = Array.isArray(value)
        ? (value as Pair[])
        : value && typeof value === 'object'
          ? Object.entries(value).map(([name, v]) => ({ name, value: String(v) }))
          : [];
    else values[field.key] = value === null || value === undefined ? '' : String(value);
  }
  return values;
}

const filledPairs = (pairs: Pair[]) => pairs.filter((pair) => pair.name.trim() !== '' || pair.value !== '');

/** Whether a person typed anything into the field. */
export function isFilled(field: SettingField, value: FieldValue | undefined): boolean {
  if (field.kind === 'pairs') return filledPairs((value as Pair[] | undefined) ?? []).length > 0;
  if (field.kind === 'boolean') return value === true;
  return typeof value === 'string' && value !== '';
}

/**
 * The JSON the API takes. An empty input is left out so the schema's default applies (or its
 * "required" message names the field), except where the schema allows null.
 */
export function toSettings(fields: SettingField[], values: FieldValues): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.key];
    if (field.kind === 'boolean') settings[field.key] = value === true;
    else if (field.kind === 'pairs')
      settings[field.key] = filledPairs((value as Pair[] | undefined) ?? []).map((pair) => ({
        name: pair.name.trim(),
        value: pair.value,
      }));
    else if (typeof value === 'string' && value.trim() !== '')
      settings[field.key] =
        field.kind === 'integer' && /^-?\d+$/.test(value.trim())
          ? Number(value.trim())
          : field.multiline
            ? value
            : value.trim();
    else if (field.nullable) settings[field.key] = null;
  }
  return settings;
}
