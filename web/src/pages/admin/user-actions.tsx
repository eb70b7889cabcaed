import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC, type RouterOutputs } from '../../trpc';
import { ConfirmButton } from '../../ui/confirm-button';

type AdminUser = RouterOutputs['users']['list'][number];

/** Change a user's role, disable or enable them; the API refuses anything that leaves no admin. */
export function UserActions({
  user,
  isSelf,
  onChanged,
  onFailed,
}: {
  user: AdminUser;
  isSelf: boolean;
  onChanged: (message: string) => void;
  onFailed: (message: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const changeRole = useMutation(
    trpc.users.changeRole.mutationOptions({
      onSuccess: (updated) => {
        onChanged(`${updated.name} is now ${updated.role === 'admin' ? 'an admin' : 'a member'}.`);
        // Demoting oneself takes this page away: the shell learns it from the fresh profile.
        if (isSelf) void queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
      },
      onError: (error) => onFailed(`Could not change ${user.name}'s role: ${error.message}`),
    }),
  );
  const setDisabled = useMutation(
    trpc.users.setDisabled.mutationOptions({
      onSuccess: (updated) =>
        onChanged(
          updated.disabledAt
            ? `${updated.name} is disabled and signed out everywhere.`
            : `${updated.name} can sign in again.`,
        ),
      onError: (error) =>
        onFailed(`Could not ${user.disabledAt ? 'enable' : 'disable'} ${user.name}: ${error.message}`),
    }),
  );
  const busy = changeRole.isPending || setDisabled.isPending;
  const nextRole = user.role === 'admin' ? 'member' : 'admin';
  const roleLabel = `Make ${user.name} ${nextRole === 'admin' ? 'an admin' : 'a member'}`;

  return (
    <div className="row-actions">
      {isSelf && nextRole === 'member' ? (
        <ConfirmButton
          label={`Make ${nextRole}`}
          accessibleLabel={roleLabel}
          question="Make yourself a member? You lose access to this page."
          disabled={busy}
          onConfirm={() => changeRole.mutate({ userId: user.id, role: nextRole })}
        />
      ) : (
        <button
          type="button"
          className="secondary small"
          aria-label={roleLabel}
          disabled={busy}
          onClick={() => changeRole.mutate({ userId: user.id, role: nextRole })}
        >
          Make {nextRole}
        </button>
      )}
      {/* The API refuses to disable oneself; not offering it is clearer than the refusal. */}
      {!isSelf &&
        (user.disabledAt ? (
          <ConfirmButton
            label="Enable"
            accessibleLabel={`Enable ${user.name}`}
            question={`Let ${user.name} sign in again?`}
            disabled={busy}
            onConfirm={() => setDisabled.mutate({ userId: user.id, disabled: false })}
          />
        ) : (
          <ConfirmButton
            label="Disable"
            accessibleLabel={`Disable ${user.name}`}
            question={`Disable ${user.name}? They are signed out and their API tokens are revoked for good.`}
            disabled={busy}
            onConfirm={() => setDisabled.mutate({ userId: user.id, disabled: true })}
          />
        ))}
    </div>
  );
}
