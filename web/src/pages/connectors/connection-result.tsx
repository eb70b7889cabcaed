import type { RouterOutputs } from '../../trpc';
import { formatDuration } from '../../ui/format';

type Result = RouterOutputs['connectors']['test'];

/** What a connection test found, with how long the round trip took. */
export function ConnectionResult({ result, name }: { result: Result; name: string }) {
  return (
    <p className={result.ok ? 'success' : 'error'} role={result.ok ? 'status' : 'alert'}>
      <span>
        <strong>{result.ok ? `Connection to ${name} works` : `Connection to ${name} failed`}</strong>: {result.message}{' '}
        ({formatDuration(result.latencyMs)})
      </span>
    </p>
  );
}
