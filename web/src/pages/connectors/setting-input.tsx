import { CheckboxField, Field } from '../../ui/field';
import { PairsEditor } from './pairs-editor';
import type { FieldValue, Pair, SettingField } from './settings-fields';

/** One config or secret field as the input its kind calls for; secret inputs never show a stored value. */
export function SettingInput({
  field,
  value,
  onChange,
  error,
  secret,
  keepsStored,
}: {
  field: SettingField;
  value: FieldValue | undefined;
  onChange: (value: FieldValue) => void;
  error: string | undefined;
  secret: boolean;
  /** Editing, and this secret field holds a value that an empty input keeps. */
  keepsStored: boolean;
}) {
  const hints = [
    field.description,
    keepsStored ? 'Stored; leave empty to keep the current value.' : undefined,
    field.nullable && !secret ? 'Optional.' : undefined,
  ].filter(Boolean);
  const hint = hints.length > 0 ? hints.join(' ') : undefined;
  const text = typeof value === 'string' ? value : '';

  if (field.kind === 'pairs') {
    return (
      <PairsEditor
        label={field.label}
        pairs={(value as Pair[] | undefined) ?? []}
        onChange={onChange}
        secretValues={secret}
        hint={hint}
        error={error}
      />
    );
  }
  if (field.kind === 'boolean') {
    return <CheckboxField label={field.label} hint={hint} error={error} checked={value === true} onChange={onChange} />;
  }
  return (
    <Field label={field.label} hint={hint} error={error}>
      {(control) => {
        if (field.kind === 'choice') {
          return (
            <select {...control} value={text} onChange={(event) => onChange(event.target.value)}>
              {field.options.map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </select>
          );
        }
        if (secret && field.multiline) {
          return (
            <textarea
              {...control}
              className="secret-text"
              value={text}
              onChange={(event) => onChange(event.target.value)}
              autoComplete="off"
              spellCheck={false}
              rows={4}
            />
          );
        }
        const type = secret
          ? 'password'
          : field.kind === 'integer'
            ? 'number'
            : field.kind === 'email'
              ? 'email'
              : field.kind === 'url'
                ? 'url'
                : 'text';
        return (
          <input
            {...control}
            type={type}
            value={text}
            onChange={(event) => onChange(event.target.value)}
            // Keep the browser from offering to save or fill the person's own password here.
            autoComplete={secret ? 'new-password' : 'off'}
            spellCheck={false}
            placeholder={!secret && typeof field.defaultValue === 'string' ? field.defaultValue : undefined}
          />
        );
      }}
    </Field>
  );
}
