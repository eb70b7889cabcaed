import type { ConnectorType } from '../../../../core/connectors/connector-configs';
import { SettingInput } from './setting-input';
import type { FieldValues, SettingField } from './settings-fields';

/** A connector's settings and credentials, as the inputs its type's schemas call for. */
export function SettingsFieldsets({
  type,
  configFields,
  secretFields,
  config,
  secret,
  onConfigChange,
  onSecretChange,
  errors,
  stored,
  secretProblem,
}: {
  type: ConnectorType;
  configFields: SettingField[];
  /** Only those the config uses (an HTTP API's token with bearer auth, ...). */
  secretFields: SettingField[];
  config: FieldValues;
  secret: FieldValues;
  onConfigChange: (values: FieldValues) => void;
  onSecretChange: (values: FieldValues) => void;
  /** By "config.<key>" and "secret.<key>". */
  errors: Record<string, string | undefined>;
  /** Secret fields holding a value that an empty input keeps. */
  stored: string[];
  secretProblem: string | null;
}) {
  return (
    <>
      <fieldset className="settings-group">
        <legend>Settings</legend>
        <div className="form-grid">
          {configFields.map((field) => (
            <SettingInput
              key={`${type}-config-${field.key}`}
              field={field}
              value={config[field.key]}
              onChange={(value) => onConfigChange({ ...config, [field.key]: value })}
              error={errors[`config.${field.key}`]}
              secret={false}
              keepsStored={false}
            />
          ))}
        </div>
      </fieldset>
      <fieldset className="settings-group">
        <legend>Credentials</legend>
        <p className="muted field-hint">Stored encrypted and never shown again, not even here.</p>
        {secretProblem && (
          <p className="error" role="alert">
            The stored credentials cannot be used ({secretProblem}); type them again.
          </p>
        )}
        <div className="form-grid">
          {secretFields.map((field) => (
            <SettingInput
              key={`${type}-secret-${field.key}`}
              field={field}
              value={secret[field.key]}
              onChange={(value) => onSecretChange({ ...secret, [field.key]: value })}
              error={errors[`secret.${field.key}`]}
              secret
              keepsStored={stored.includes(field.key)}
            />
          ))}
        </div>
      </fieldset>
    </>
  );
}
