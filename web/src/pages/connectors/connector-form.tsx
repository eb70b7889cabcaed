import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ConnectorType } from '../../../../core/connectors/connector-configs';
import { useTRPC, type RouterOutputs } from '../../trpc';
import { Field } from '../../ui/field';
import { fieldErrors } from '../../ui/field-errors';
import { ConnectionResult } from './connection-result';
import { secretToSend } from './secret-changes';
import { SettingsFieldsets } from './settings-fieldsets';
import { problemsByField, problemsOf } from './settings-problems';
import {
  connectorTypes,
  initialValues,
  settingFields,
  toSettings,
  typeLabels,
  visibleSecretFields,
  type FieldValues,
} from './settings-fields';

type Connector = RouterOutputs['connectors']['get'];

/**
 * Create a connector, or edit one: its settings' fields follow its type; secret fields start empty
 * and an empty one keeps what is stored. "Test connection" tries the settings as they are in the
 * form, without saving them.
 */
export function ConnectorForm({
  connector,
  onSaved,
  onCancel,
}: {
  connector: Connector | null;
  onSaved: (connector: Connector, created: boolean) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const heading = useRef<HTMLHeadingElement>(null);
  const [name, setName] = useState(connector?.name ?? '');
  const [type, setType] = useState<ConnectorType>((connector?.type as ConnectorType | undefined) ?? 'http');
  const fields = settingFields(type);
  const [config, setConfig] = useState<FieldValues>(() => initialValues(fields.config, connector?.config));
  const [secret, setSecret] = useState<FieldValues>(() => initialValues(fields.secret));
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [apiError, setApiError] = useState<unknown>(null);
  // A secret that cannot be decrypted any more cannot be kept: it has to be typed again.
  const stored = connector?.secretProblem ? [] : (connector?.secretFields ?? []);
  const visibleSecrets = visibleSecretFields(type, config);

  // Keyboard and screen-reader users land on the form they opened.
  useEffect(() => heading.current?.focus(), []);

  const saved = (result: Connector) => {
    void queryClient.invalidateQueries({ queryKey: trpc.connectors.pathKey() });
    onSaved(result, connector === null);
  };
  const create = useMutation(trpc.connectors.create.mutationOptions({ onSuccess: saved, onError: setApiError }));
  const update = useMutation(trpc.connectors.update.mutationOptions({ onSuccess: saved, onError: setApiError }));
  const test = useMutation(trpc.connectors.test.mutationOptions({ onError: setApiError }));
  const busy = create.isPending || update.isPending || test.isPending;

  function chooseType(next: ConnectorType) {
    setType(next);
    setConfig(initialValues(settingFields(next).config));
    setSecret(initialValues(settingFields(next).secret));
    setLocalErrors({});
    setApiError(null);
    test.reset();
  }

  /** The settings as typed, or null when something must be fixed first. */
  function prepare() {
    setApiError(null);
    const { value, errors } = secretToSend(visibleSecrets, secret, { editing: connector !== null, stored });
    if (!name.trim()) errors.name = 'Give the connector a name that says what it reaches.';
    setLocalErrors(errors);
    if (Object.keys(errors).length > 0) return null;
    return { config: toSettings(fields.config, config), secret: value };
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const settings = prepare();
    if (!settings) return;
    if (connector)
      update.mutate({
        connectorId: connector.id,
        name: name.trim(),
        config: settings.config,
        ...(settings.secret === undefined ? {} : { secret: settings.secret }),
      });
    else create.mutate({ name: name.trim(), type, config: settings.config, secret: settings.secret ?? null });
  }

  function runTest() {
    test.reset();
    const settings = prepare();
    if (!settings) return;
    if (connector)
      test.mutate({
        connectorId: connector.id,
        config: settings.config,
        ...(settings.secret === undefined ? {} : { secret: settings.secret }),
      });
    else test.mutate({ type, config: settings.config, secret: settings.secret ?? null });
  }

  const keys = [...fields.config.map((f) => `config.${f.key}`), ...visibleSecrets.map((f) => `secret.${f.key}`)];
  const { byField, rest } = problemsByField(problemsOf(apiError), keys);
  const errors: Record<string, string | undefined> = {
    ...byField,
    ...localErrors,
    ...(fieldErrors(apiError).name ? { name: fieldErrors(apiError).name!.join(' ') } : {}),
  };
  const formMessage =
    apiError instanceof Error && Object.keys(byField).length === 0 && rest.length === 0 && !errors.name
      ? apiError.message
      : null;
  const title = connector ? `Edit ${connector.name}` : 'New connector';

  return (
    <form className="panel connector-form" onSubmit={submit} noValidate aria-labelledby="connector-form-title">
      <h3 id="connector-form-title" ref={heading} tabIndex={-1}>
        {title}
      </h3>
      <div className="form-grid">
        <Field label="Name" error={errors.name}>
          {(control) => (
            <input
              {...control}
              value={name}
              onChange={(event) => setName(event.target.value)}
              maxLength={255}
              autoComplete="off"
            />
          )}
        </Field>
        <Field label="Type" hint={connector ? 'The type cannot change: workflows rely on it.' : undefined}>
          {(control) => (
            <select
              {...control}
              value={type}
              disabled={connector !== null}
              onChange={(event) => chooseType(event.target.value as ConnectorType)}
            >
              {connectorTypes.map((t) => (
                <option key={t} value={t}>
                  {typeLabels[t]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <SettingsFieldsets
        type={type}
        configFields={fields.config}
        secretFields={visibleSecrets}
        config={config}
        secret={secret}
        onConfigChange={setConfig}
        onSecretChange={setSecret}
        errors={errors}
        stored={stored}
        secretProblem={connector?.secretProblem ?? null}
      />
      {rest.length > 0 && (
        <div className="error" role="alert">
          <ul className="problem-list">
            {rest.map((problem) => (
              <li key={problem.path}>
                <code>{problem.path}</code>: {problem.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {(Object.keys(byField).length > 0 || Object.keys(localErrors).length > 0) && (
        <p className="error" role="alert">
          Check the fields marked above.
        </p>
      )}
      {formMessage && (
        <p className="error" role="alert">
          {formMessage}
        </p>
      )}
      {test.data && <ConnectionResult result={test.data} name={name.trim() || 'the service'} />}
      <div className="toolbar">
        <button type="submit" disabled={busy}>
          {create.isPending || update.isPending ? 'Saving…' : connector ? 'Save changes' : 'Create connector'}
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={runTest}>
          {test.isPending ? 'Testing…' : 'Test connection'}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
