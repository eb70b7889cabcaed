// Which address ranges workflow nodes may reach. Specs come from users and LLMs, so the default
// must be "public internet only"; development opts in to local services via configuration.
import { z } from 'zod';

/** Address ranges outbound requests may reach besides public unicast. Production allows none. */
export const networkClassSchema = z.enum(['loopback', 'private', 'link-local']);
export type NetworkClass = z.infer<typeof networkClassSchema>;

/** The ranges one outbound client may reach beyond public unicast. */
export interface OutboundPolicy {
  allow: ReadonlySet<NetworkClass>;
}

/** The name of the setting that widens the policy; error messages point people at it. */
export const OUTBOUND_ALLOW_SETTING = 'OUTBOUND_ALLOW_NETWORKS';

/** Public unicast only: what production runs with. */
export const publicOnlyPolicy: OutboundPolicy = { allow: new Set() };

/** Parses the OUTBOUND_ALLOW_NETWORKS value ("loopback,private"); empty or unset means public only. */
export function parseOutboundAllowNetworks(value: string | undefined): OutboundPolicy {
  const names = (value ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const allow = new Set<NetworkClass>();
  for (const name of names) {
    const parsed = networkClassSchema.safeParse(name);
    // A typo must fail loudly: silently ignoring it would leave someone debugging "blocked" errors.
    if (!parsed.success) {
      throw new Error(
        `${OUTBOUND_ALLOW_SETTING}: unknown network class "${name}"; use a comma-separated list of ${networkClassSchema.options.join(', ')}`,
      );
    }
    allow.add(parsed.data);
  }
  return { allow };
}

/** A stable string for a policy, so equal policies share one connection pool. */
export function policyKey(policy: OutboundPolicy): string {
  return [...policy.allow].sort().join(',');
}
