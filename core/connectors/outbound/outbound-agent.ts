// The undici dispatcher safeFetch sends through: every socket it opens goes to an address the
// policy allows. Literal-IP hosts skip DNS (net.connect never calls lookup for them), so the
// connector checks those itself as a second line behind safeFetch's URL check.
import { isIP } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { isAddressAllowed, unbracket } from './address-policy';
import { createGuardedLookup, type ResolveAll } from './guarded-lookup';
import { OutboundBlockedError } from './outbound-error';
import { policyKey, type OutboundPolicy } from './outbound-policy';

/** Knobs for tests; production uses the defaults through outboundAgentFor. */
export interface OutboundAgentOptions {
  /** Node's happy-eyeballs switch; undefined keeps Node's default (on in Node 20). */
  autoSelectFamily?: boolean;
  resolveAll?: ResolveAll;
}

/** A fresh undici Agent whose every connection is checked against `policy`. */
export function createOutboundAgent(policy: OutboundPolicy, options: OutboundAgentOptions = {}): Agent {
  const connectSocket = buildConnector({
    lookup: createGuardedLookup(policy, options.resolveAll),
    ...(options.autoSelectFamily === undefined ? {} : { autoSelectFamily: options.autoSelectFamily }),
  });
  return new Agent({
    connect(connectOptions, callback) {
      const host = unbracket(connectOptions.hostname);
      if (isIP(host) !== 0) {
        const verdict = isAddressAllowed(host, policy);
        if (!verdict.allowed) {
          callback(new OutboundBlockedError(host, host, verdict.range), null);
          return;
        }
      }
      connectSocket(connectOptions, callback);
    },
  });
}

// One pool per distinct policy keeps keep-alive connections shared without ever letting a
// connection opened under a wider policy serve a narrower one.
const agents = new Map<string, Agent>();

/** The shared Agent for `policy`, created on first use. */
export function outboundAgentFor(policy: OutboundPolicy): Agent {
  const key = policyKey(policy);
  let agent = agents.get(key);
  if (agent === undefined) {
    agent = createOutboundAgent(policy);
    agents.set(key, agent);
  }
  return agent;
}

/** Closes every shared Agent (tests, worker shutdown); later requests open new ones. */
export async function closeOutboundAgents(): Promise<void> {
  const open = [...agents.values()];
  agents.clear();
  await Promise.all(open.map((agent) => agent.close()));
}
