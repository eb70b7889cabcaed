import { isLive, type PreviewNode, type TestPreview } from './run-labels';

const counted = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** "a", "a and b", "a, b and c". */
const joined = (parts: string[]) =>
  parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;

const present = (parts: Array<string | false>) => parts.filter((part): part is string => Boolean(part));

/**
 * A test run's preview in one line, from its counts: "Would send 1 request and 1 email; 1 template
 * rendered empty". "So far" while the run is still going.
 */
export function previewSummary(preview: TestPreview): string {
  const { counts } = preview;
  const sent = present([
    counts.requests > 0 && counted(counts.requests, 'request'),
    counts.emails > 0 && counted(counts.emails, 'email'),
    counts.prompts > 0 && counted(counts.prompts, 'prompt'),
  ]);
  const acts = present([
    sent.length > 0 && `send ${joined(sent)}`,
    counts.rowsAppended > 0 && `append ${counted(counts.rowsAppended, 'row')}`,
  ]);
  const would = `${isLive(preview.status) ? 'So far, would' : 'Would'} ${acts.length ? joined(acts) : 'send nothing outside the run'}`;
  // The listed nodes name every empty template; a cut list only has the count of nodes with some.
  const emptyTemplates = preview.nodes.reduce((sum, node) => sum + node.emptyTemplates.length, 0);
  return [
    would,
    ...present([
      preview.truncated
        ? counts.emptyTemplateNodes > 0 &&
          `${counted(counts.emptyTemplateNodes, 'node')} with templates that rendered empty`
        : emptyTemplates > 0 && `${counted(emptyTemplates, 'template')} rendered empty`,
      counts.failedNodes > 0 && `${counted(counts.failedNodes, 'node')} failed`,
    ]),
  ].join('; ');
}

/** Which item of its loop(s) a row is for, from its key: `mail[2]` is item 3, `mail[0][1]` item 1.2; null outside loops. */
export function itemLabel(node: Pick<PreviewNode, 'key' | 'nodeId'>): string | null {
  const indexes = [...node.key.slice(node.nodeId.length).matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]) + 1);
  return indexes.length ? `item ${indexes.join('.')}` : null;
}
