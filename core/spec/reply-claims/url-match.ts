// Whether a URL or path the reply mentions can be what an http_request node calls. Both sides may
// hold placeholders (the node's {{ templates }}; the reply's {id}, :id, <id>), so only literal
// parts are compared: host with host, and the words of the mention's path in order among the
// node's. A segment of the mention that holds a placeholder or a digit ("/orders/123", "v2") is a
// value, not a word, and is left out. Where the node's URL is relative to a connector's base URL,
// or its host is a template, the mention may carry more path in front. Lowercased: a reply
// writing /Orders for /orders is not a disagreement worth a warning.

const hole = '\u0000';
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const nodeTemplate = /\{\{.*?\}\}/g;
const mentionPlaceholder = /\{\{.*?\}\}|\{[^}]*\}|<[^>]*>|(?<=\/):[\w-]+|\*|…|\.\.\./g;

function split(url: string, placeholder: RegExp) {
  const text = url.trim().toLowerCase().replace(placeholder, hole).split(/[?#]/)[0]!;
  const absolute = /^https?:\/\/([^/]*)(.*)$/.exec(text);
  const hostKnown = absolute !== null && !absolute[1]!.includes(hole);
  return {
    host: hostKnown ? absolute[1]!.replace(/^www\./, '') : null,
    segments: (absolute ? absolute[2]! : text).split('/').filter(Boolean),
    /** Whether path may come before the segments: a connector's base URL, a templated host. */
    openStart: !hostKnown,
  };
}

const withoutExtension = (segment: string) => segment.replace(/\.\w+$/, '');

/** A segment of the node's path as a test: its templates match anything. */
function segmentTest(segment: string): (said: string) => boolean {
  const pattern = new RegExp(`^${segment.split(hole).map(escape).join('.*')}$`);
  return (said) => pattern.test(said) || pattern.test(withoutExtension(said)) || withoutExtension(segment) === said;
}

/** Whether `said` appears in order within `node`. */
function inOrder(said: string[], node: Array<(said: string) => boolean>): boolean {
  let i = 0;
  for (const matches of node) if (i < said.length && matches(said[i]!)) i++;
  return i === said.length;
}

/** Whether an http_request node with `nodeUrl` may call what the reply calls `mention`. */
export function urlMatches(mention: string, nodeUrl: string): boolean {
  const said = split(mention, mentionPlaceholder);
  const called = split(nodeUrl, nodeTemplate);
  if (said.host && called.host && said.host !== called.host) return false;
  const words = said.segments.filter((s) => !s.includes(hole) && !/\d/.test(s));
  const path = called.segments.filter((s) => s !== hole).map(segmentTest);
  if (words.length === 0 || (called.openStart && path.length === 0)) return true;
  // Path in front of a relative URL may be the connector's base URL; at least the last word the
  // reply names must be in the node's own URL.
  const skippable = called.openStart ? words.length - 1 : 0;
  for (let skip = 0; skip <= skippable; skip++) if (inOrder(words.slice(skip), path)) return true;
  return false;
}
