import { useQuery } from '@tanstack/react-query';
import { SignInPage } from './pages/sign-in-page';
import { AppShell } from './shell/app-shell';
import { errorCode, useTRPC } from './trpc';

/** Signed out: the sign-in page. Signed in: the shell. Anything else: say what went wrong. */
export function App() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  if (me.isPending)
    return (
      <p className="centered muted" role="status">
        Loading…
      </p>
    );
  if (me.data) return <AppShell user={me.data} />;
  if (errorCode(me.error) === 'UNAUTHORIZED') return <SignInPage />;
  return (
    <div className="centered" role="alert">
      <p>Could not reach the server: {me.error?.message}</p>
      <button type="button" onClick={() => void me.refetch()}>
        Try again
      </button>
    </div>
  );
}
