import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '../../trpc';
import { Field } from '../../ui/field';
import { CopyOnce } from './copy-once';

const lifetimes = [
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 365, label: '1 year' },
  { days: 0, label: 'Never' },
];

/** Creates a token and shows it this once, to copy; after "Done" only its first characters remain. */
export function NewApiTokenForm({ onCreated }: { onCreated: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [days, setDays] = useState(90);
  const [nameError, setNameError] = useState<string>();
  // The new token lives in this state only: "Done" clears it in the click itself, so it leaves
  // the page at once (the mutation's own data would go only on react-query's next notification).
  const [shown, setShown] = useState<{ name: string; token: string } | null>(null);
  const create = useMutation(
    trpc.apiTokens.create.mutationOptions({
      onSuccess: ({ apiToken, token }) => {
        setShown({ name: apiToken.name, token });
        create.reset();
        setName('');
        onCreated();
        void queryClient.invalidateQueries({ queryKey: trpc.apiTokens.list.queryKey() });
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = name.trim();
    setNameError(trimmed ? undefined : 'Name the token after what will use it, e.g. "billing script".');
    if (trimmed) create.mutate({ name: trimmed, ...(days > 0 ? { expiresInDays: days } : {}) });
  }

  if (shown) return <CopyOnce label={`Token ${shown.name}`} value={shown.token} onDone={() => setShown(null)} />;
  return (
    <form className="inline-form" onSubmit={submit} noValidate aria-labelledby="new-token-title">
      <h3 id="new-token-title">Create a token</h3>
      <div className="form-grid">
        <Field label="Token name" error={nameError}>
          {(control) => (
            <input
              {...control}
              value={name}
              onChange={(event) => setName(event.target.value)}
              maxLength={100}
              autoComplete="off"
            />
          )}
        </Field>
        <Field label="Expires after">
          {(control) => (
            <select {...control} value={days} onChange={(event) => setDays(Number(event.target.value))}>
              {lifetimes.map((lifetime) => (
                <option key={lifetime.days} value={lifetime.days}>
                  {lifetime.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {create.isError && (
        <p className="error" role="alert">
          {create.error.message}
        </p>
      )}
      <button type="submit" disabled={create.isPending}>
        {create.isPending ? 'Creating…' : 'Create token'}
      </button>
    </form>
  );
}
