import { isFilled, toSettings, type FieldValues, type SettingField } from './settings-fields';

const replacedTogether =
  'The stored credentials are replaced together: type this one again too, or leave every credential empty to keep them.';

/**
 * The secret a save or test sends: with every credential input empty, undefined (editing: keep the
 * stored secret) or null (creating: none). The API replaces a stored secret as a whole, so once
 * one credential is typed, each stored one left empty would be lost: those are refused here,
 * by field, rather than dropped without a word.
 */
export function secretToSend(
  visible: SettingField[],
  values: FieldValues,
  { editing, stored }: { editing: boolean; stored: string[] },
): { value: Record<string, unknown> | null | undefined; errors: Record<string, string> } {
  const filled = visible.filter((field) => isFilled(field, values[field.key]));
  if (filled.length === 0) return { value: editing ? undefined : null, errors: {} };
  const errors: Record<string, string> = {};
  for (const field of visible)
    if (stored.includes(field.key) && !isFilled(field, values[field.key]))
      errors[`secret.${field.key}`] = replacedTogether;
  return { value: toSettings(visible, values), errors };
}
