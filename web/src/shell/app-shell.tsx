import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../server/trpc/app.router';
import { HomePage } from '../pages/home-page';
import { useTRPC } from '../trpc';

type Me = inferRouterOutputs<AppRouter>['auth']['me'];

/** The frame every signed-in page lives in: product name, who is signed in, sign out. */
export function AppShell({ user }: { user: Me }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      onSettled: () => queryClient.resetQueries({ queryKey: trpc.auth.me.queryKey() }),
    }),
  );
  return (
    <div className="shell">
      <header className="shell-header">
        <a className="brand" href="/">Workflow Agent</a>
        <div className="who">
          <span title={user.email}>{user.name}</span>
          <span className="badge">{user.role}</span>
          <button type="button" className="secondary" onClick={() => logout.mutate()} disabled={logout.isPending}>
            Sign out
          </button>
        </div>
      </header>
      <main className="shell-main">
        <HomePage user={user} />
      </main>
    </div>
  );
}
