import { useQuery } from '@tanstack/react-query';
import { useTRPC, type RouterOutputs } from '../../trpc';
import { QueryView } from '../../ui/query-view';
import { ConnectorForm } from './connector-form';

/** Loads a connector fresh (with which secret fields it holds) and opens the form on it. */
export function ConnectorEditor({
  connectorId,
  onSaved,
  onCancel,
}: {
  connectorId: string;
  onSaved: (connector: RouterOutputs['connectors']['get'], created: boolean) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  // Always fresh: the form starts from what is stored now, not from an older cached copy.
  const connector = useQuery({ ...trpc.connectors.get.queryOptions({ connectorId }), staleTime: 0, gcTime: 0 });
  return (
    <QueryView query={connector} label="the connector">
      {(data) => <ConnectorForm key={data.id} connector={data} onSaved={onSaved} onCancel={onCancel} />}
    </QueryView>
  );
}
