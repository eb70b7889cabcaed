import type { SpecNode, WorkflowSpec } from './spec.schema';

// What a proposal changes against the current version, for a person to review before accepting:
// nodes added, removed and changed, edges and trigger, and, called out on their own, new places
// data will be sent (hosts, email recipients) and connectors not used before.

export interface SpecDiff {
  triggerChanged: { from: WorkflowSpec['trigger'] | null; to: WorkflowSpec['trigger'] } | null;
  nodesAdded: Array<{ id: string; type: string; name: string }>;
  nodesRemoved: Array<{ id: string; type: string; name: string }>;
  nodesChanged: Array<{ id: string; name: string; fields: string[] }>;
  edgesAdded: string[];
  edgesRemoved: string[];
  /** Each changed setting (`settings`), as `name: before → after`; "default" where it is not set. */
  settingsChanged: string[];
  newDestinations: string[];
  newConnectors: string[];
}

const brief = (n: SpecNode) => ({ id: n.id, type: n.type, name: n.name });
const edgeKey = (e: readonly string[]) => (e[2] ? `${e[0]} → ${e[1]} (${e[2]})` : `${e[0]} → ${e[1]}`);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Where a node sends data: the URL's host (or the raw template), or each recipient. */
function destinations(spec: WorkflowSpec | null): Set<string> {
  const out = new Set<string>();
  for (const node of spec?.nodes ?? []) {
    if (node.type === 'http_request') {
      const url = node.config.url;
      out.add(
        /^https?:\/\//.test(url) && !url.includes('{{')
          ? `HTTP ${new URL(url).host}`
          : `HTTP ${url}${node.config.connectorId ? ' (via connector)' : ''}`,
      );
    }
    if (node.type === 'send_email')
      for (const to of [...node.config.to, ...(node.config.cc ?? [])]) out.add(`email ${to}`);
    if (node.type === 'google_sheets' && node.config.operation === 'append')
      out.add(`sheet ${node.config.spreadsheetId}`);
  }
  return out;
}

function connectors(spec: WorkflowSpec | null): Set<string> {
  return new Set(
    (spec?.nodes ?? []).flatMap((n) =>
      'connectorId' in n.config && n.config.connectorId ? [n.config.connectorId] : [],
    ),
  );
}

function settingChanges(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const text = (value: unknown) => (value === undefined ? 'default' : String(value));
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((key) => !same(before[key], after[key]))
    .map((key) => `${key}: ${text(before[key])} → ${text(after[key])}`);
}

export function diffSpecs(before: WorkflowSpec | null, after: WorkflowSpec): SpecDiff {
  const old = new Map((before?.nodes ?? []).map((n) => [n.id, n]));
  const now = new Map(after.nodes.map((n) => [n.id, n]));
  const changed = after.nodes.flatMap((n) => {
    const previous = old.get(n.id);
    if (!previous) return [];
    const fields = [
      ...(previous.type !== n.type ? ['type'] : []),
      ...(previous.name !== n.name ? ['name'] : []),
      ...(previous.onError !== n.onError ? ['onError'] : []),
      ...[...new Set([...Object.keys(previous.config), ...Object.keys(n.config)])]
        .filter(
          (key) => !same((previous.config as Record<string, unknown>)[key], (n.config as Record<string, unknown>)[key]),
        )
        .map((key) => `config.${key}`),
    ];
    return fields.length ? [{ id: n.id, name: n.name, fields }] : [];
  });
  const oldEdges = new Set((before?.edges ?? []).map(edgeKey));
  const newEdges = new Set(after.edges.map(edgeKey));
  const oldDestinations = destinations(before);
  const oldConnectors = connectors(before);
  return {
    triggerChanged: same(before?.trigger ?? null, after.trigger)
      ? null
      : { from: before?.trigger ?? null, to: after.trigger },
    nodesAdded: after.nodes.filter((n) => !old.has(n.id)).map(brief),
    nodesRemoved: (before?.nodes ?? []).filter((n) => !now.has(n.id)).map(brief),
    nodesChanged: changed,
    edgesAdded: [...newEdges].filter((e) => !oldEdges.has(e)),
    edgesRemoved: [...oldEdges].filter((e) => !newEdges.has(e)),
    settingsChanged: settingChanges(before?.settings ?? {}, after.settings ?? {}),
    newDestinations: [...destinations(after)].filter((d) => !oldDestinations.has(d)),
    newConnectors: [...connectors(after)].filter((c) => !oldConnectors.has(c)),
  };
}
