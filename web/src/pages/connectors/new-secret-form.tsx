import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '../../trpc';
import { Field } from '../../ui/field';
import { fieldErrors } from '../../ui/field-errors';

const namePattern = /^[A-Za-z0-9_.-]{1,100}$/;

/** Adds a named secret; the value field is a password input and is cleared once saved. */
export function NewSecretForm({ onCreated }: { onCreated: (name: string) => void }) {
  const trpc = useTRPC();
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [errors, setErrors] = useState<{ name?: string; value?: string }>({});
  const create = useMutation(
    trpc.secrets.create.mutationOptions({
      onSuccess: (secret) => {
        setName('');
        setValue('');
        onCreated(secret.name);
      },
      onError: (error) => {
        const byField = fieldErrors(error);
        setErrors({ name: byField.name?.join(' '), value: byField.value?.join(' ') });
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: typeof errors = {};
    if (!namePattern.test(name)) found.name = 'Use 1 to 100 letters, digits, "_", "-" or ".".';
    if (value === '') found.value = 'Enter the value to keep secret.';
    setErrors(found);
    if (!found.name && !found.value) create.mutate({ name, value });
  }
  const apiFieldErrors = Object.keys(fieldErrors(create.error)).length > 0;

  return (
    <form className="inline-form" onSubmit={submit} noValidate aria-labelledby="new-secret-title">
      <h3 id="new-secret-title">Add a secret</h3>
      <div className="form-grid">
        <Field label="Secret name" hint="e.g. CRM_API_KEY" error={errors.name}>
          {(control) => (
            <input
              {...control}
              value={name}
              onChange={(event) => setName(event.target.value)}
              autoComplete="off"
              spellCheck={false}
              maxLength={100}
            />
          )}
        </Field>
        <Field label="Secret value" error={errors.value}>
          {(control) => (
            <input
              {...control}
              type="password"
              value={value}
              onChange={(event) => setValue(event.target.value)}
              autoComplete="new-password"
            />
          )}
        </Field>
      </div>
      {create.isError && !apiFieldErrors && (
        <p className="error" role="alert">
          {create.error.message}
        </p>
      )}
      <button type="submit" disabled={create.isPending}>
        {create.isPending ? 'Saving…' : 'Save secret'}
      </button>
    </form>
  );
}
