import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTRPC, type RouterInputs, type RouterOutputs } from '../../trpc';
import { Field } from '../../ui/field';
import { fieldErrors } from '../../ui/field-errors';

type NewUser = Required<RouterInputs['users']['create']>;
type Errors = Partial<Record<keyof NewUser, string>>;

const blank: NewUser = { name: '', email: '', password: '', role: 'member' };

// The checks a person can fix before sending; the API checks everything again (and the email's
// form, and whether it is taken) and its per-field answers land in the same places.
function check(user: NewUser): Errors {
  const errors: Errors = {};
  if (!user.name.trim()) errors.name = 'Enter the person’s name.';
  if (!user.email.trim()) errors.email = 'Enter an email address to sign in with.';
  if (user.password.length < 12) errors.password = 'Use at least 12 characters.';
  else if (new TextEncoder().encode(user.password).length > 72)
    errors.password = 'Use at most 72 bytes; longer passwords are cut short.';
  return errors;
}

/** Adds an account with a first password the admin passes on; the person can sign in at once. */
export function CreateUserForm({ onCreated }: { onCreated: (user: RouterOutputs['users']['create']) => void }) {
  const trpc = useTRPC();
  const [user, setUser] = useState<NewUser>(blank);
  const [errors, setErrors] = useState<Errors>({});
  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: (created) => {
        setUser(blank);
        onCreated(created);
      },
      onError: (error) => {
        const byField = fieldErrors(error);
        setErrors(Object.fromEntries(Object.entries(byField).map(([field, messages]) => [field, messages.join(' ')])));
      },
    }),
  );
  const apiFieldErrors = Object.keys(fieldErrors(create.error)).length > 0;

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = check(user);
    setErrors(found);
    if (Object.keys(found).length === 0) create.mutate({ ...user, name: user.name.trim(), email: user.email.trim() });
  }
  const set = (field: keyof NewUser) => (event: { target: { value: string } }) =>
    setUser((current) => ({ ...current, [field]: event.target.value }));

  return (
    <form className="panel create-user" onSubmit={submit} noValidate aria-labelledby="create-user-title">
      <h2 id="create-user-title">Create a user</h2>
      <div className="form-grid">
        <Field label="Name" error={errors.name}>
          {(control) => (
            <input {...control} autoComplete="off" maxLength={255} value={user.name} onChange={set('name')} />
          )}
        </Field>
        <Field label="Email" error={errors.email}>
          {(control) => (
            <input
              {...control}
              type="email"
              autoComplete="off"
              maxLength={255}
              value={user.email}
              onChange={set('email')}
            />
          )}
        </Field>
        <Field label="First password" hint="At least 12 characters. Pass it on privately." error={errors.password}>
          {(control) => (
            <input
              {...control}
              type="password"
              autoComplete="new-password"
              value={user.password}
              onChange={set('password')}
            />
          )}
        </Field>
        <Field label="Role" error={errors.role}>
          {(control) => (
            <select {...control} value={user.role} onChange={set('role')}>
              <option value="member">member — their own workflows, runs and connectors</option>
              <option value="admin">admin — everything, users and the audit log</option>
            </select>
          )}
        </Field>
      </div>
      {create.isError && !apiFieldErrors && (
        <p className="error" role="alert">
          {create.error.message}
        </p>
      )}
      {apiFieldErrors && (
        <p className="error" role="alert">
          Check the fields marked above.
        </p>
      )}
      <button type="submit" disabled={create.isPending}>
        {create.isPending ? 'Creating…' : 'Create user'}
      </button>
    </form>
  );
}
