import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../trpc';

interface Check {
  up: boolean;
  latencyMs: number;
  error?: string;
}

/** The signed-in landing page: a greeting and whether the stack behind the app is healthy. */
export function HomePage({ user }: { user: { name: string } }) {
  const trpc = useTRPC();
  const system = useQuery(trpc.system.info.queryOptions());
  const health = useQuery({
    queryKey: ['healthz'],
    queryFn: async () => (await fetch('/healthz')).json() as Promise<{ database: Check; temporal: Check }>,
    refetchInterval: 10_000,
  });
  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title">Welcome, {user.name}</h1>
      <p className="muted">Workflows you build in chat will appear here.</p>
      <h2>System status</h2>
      {health.isPending && <p role="status">Checking…</p>}
      {health.isError && (
        <p className="error" role="alert">
          Could not read the health check: {health.error.message}
        </p>
      )}
      {health.data && (
        <ul className="status-list">
          <StatusItem label="Database" check={health.data.database} />
          <StatusItem label="Temporal" check={health.data.temporal} />
        </ul>
      )}
      {system.data && (
        <p>
          Every run is also visible in the{' '}
          <a href={system.data.temporalUiUrl} target="_blank" rel="noreferrer">
            Temporal Web UI
          </a>{' '}
          (namespace <code>{system.data.temporalNamespace}</code>).
        </p>
      )}
    </section>
  );
}

function StatusItem({ label, check }: { label: string; check: Check }) {
  return (
    <li>
      <span className={check.up ? 'dot up' : 'dot down'} aria-hidden="true" />
      {label}: {check.up ? `up (${check.latencyMs} ms)` : `down: ${check.error ?? 'no answer'}`}
    </li>
  );
}
