import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../trpc';

/**
 * Admins see everyone's connectors and secrets, so their tables need an owner column; members
 * only ever see their own, so for them this is null and the column is left out.
 */
export function useOwnerLabel(): ((ownerId: string) => string) | null {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  const isAdmin = me.data?.role === 'admin';
  const users = useQuery({ ...trpc.users.list.queryOptions(), enabled: isAdmin });
  if (!isAdmin) return null;
  const names = new Map((users.data ?? []).map((user) => [user.id, user.name]));
  return (ownerId) => (ownerId === me.data?.id ? 'you' : (names.get(ownerId) ?? 'another user'));
}
