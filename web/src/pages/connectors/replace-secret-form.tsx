import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTRPC, type RouterOutputs } from '../../trpc';

type Secret = RouterOutputs['secrets']['list']['items'][number];

/** A new value for a secret, in place in its row; the name (and whatever refers to it) stays. */
export function ReplaceSecretForm({ secret, onDone }: { secret: Secret; onDone: (message: string | null) => void }) {
  const trpc = useTRPC();
  const [value, setValue] = useState('');
  const replace = useMutation(
    trpc.secrets.replace.mutationOptions({ onSuccess: () => onDone(`Replaced the value of ${secret.name}.`) }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    if (value !== '') replace.mutate({ id: secret.id, value });
  }

  return (
    <form className="replace-secret" onSubmit={submit} aria-label={`Replace the value of ${secret.name}`}>
      <label>
        New value for {secret.name}
        <input
          type="password"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          autoComplete="new-password"
          autoFocus
          required
        />
      </label>
      {replace.isError && (
        <p className="error" role="alert">
          {replace.error.message}
        </p>
      )}
      <div className="row-actions">
        <button type="submit" className="small" disabled={replace.isPending || value === ''}>
          {replace.isPending ? 'Saving…' : 'Save value'}
        </button>
        <button type="button" className="secondary small" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
