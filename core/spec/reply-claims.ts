import type { NodeType } from './node-types';
import { nodeClaimsIn, type NodeClaim } from './reply-claims/node-claims';
import { nodeWords } from './reply-claims/node-words';
import { renameClaimsIn, type RenameClaim } from './reply-claims/rename-claims';
import { clausesOf, statementsOf } from './reply-claims/reply-text';
import { emailClaimsIn, urlClaimsIn, type EmailClaim, type UrlClaim } from './reply-claims/target-claims';
import { urlMatches } from './reply-claims/url-match';
import { diffSpecs, type SpecDiff } from './spec-diff';
import type { WorkflowSpec } from './spec.schema';

// Whether the assistant's reply says what its proposal does. A deterministic reading of the reply,
// no model: nodes it says were added or removed, renames, URLs it says are called and addresses it
// says are emailed, each compared with the proposal and its diff against the current spec. It
// reads conservatively: a claim made vaguely, denied, hedged or asked about is left alone, because
// a warning that cries wolf teaches people to ignore it.

/** A claim of the reply that the proposal does not bear out. */
export interface ReplyClaimWarning {
  /** The reply's own words for the claim. */
  claim: string;
  /** The disagreement, for a person: "The reply says …, but the proposal …". */
  message: string;
}

interface Change {
  before: WorkflowSpec | null;
  after: WorkflowSpec;
  diff: SpecDiff;
}

type Check<C> = (claim: C, change: Change) => string | null;

const count = (spec: WorkflowSpec | null, type: NodeType) => spec?.nodes.filter((n) => n.type === type).length ?? 0;

const checkNodeClaim: Check<NodeClaim> = ({ change, type, loose }, { before, after, diff }) => {
  const [was, is] = [count(before, type), count(after, type)];
  const words = nodeWords[type];
  if (change === 'added') {
    if (diff.nodesAdded.some((n) => n.type === type) || is > was || (loose && is > 0)) return null;
    return `The reply says ${words.a} was added, but the proposal ${before && is > 0 ? 'adds' : 'has'} no ${words.label} node.`;
  }
  // Removing what the proposal does not have is borne out, whether or not the current spec had it.
  if (loose || diff.nodesRemoved.some((n) => n.type === type) || was > is || is === 0) return null;
  return `The reply says ${words.the} was removed, but the proposal still has ${is === 1 ? 'it' : `${is} ${words.label} nodes`}.`;
};

const checkRename: Check<RenameClaim> = ({ from, to }, { after }) => {
  const plain = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();
  const names = new Set(after.nodes.map((n) => plain(n.name)));
  const said = from ? `“${from}” was renamed` : 'a node was renamed';
  if (!names.has(plain(to)) && !after.nodes.some((n) => plain(n.id) === plain(to)))
    return `The reply says ${said} to “${to}”, but no node in the proposal is called that.`;
  if (from && plain(from) !== plain(to) && names.has(plain(from)))
    return `The reply says ${said} to “${to}”, but the proposal still has a node called “${from}”.`;
  return null;
};

const checkUrl: Check<UrlClaim> = ({ url, method, text }, { after }) => {
  const calls = after.nodes.flatMap((n) => (n.type === 'http_request' && urlMatches(url, n.config.url) ? [n] : []));
  const target = /^https?:/i.test(url) ? url : `a URL with ${url}`;
  if (calls.length === 0) return `The reply mentions ${text}, but no HTTP request in the proposal calls ${target}.`;
  const methods = [...new Set(calls.map((n) => n.config.method ?? 'GET'))];
  if (!method || methods.includes(method as (typeof methods)[number])) return null;
  return `The reply mentions ${text}, but the HTTP request that calls it uses ${methods.join(' or ')}.`;
};

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether a recipient as the node writes it (a template, "Name <address>") may be `address`. */
function mayBe(recipient: string, address: string): boolean {
  const pattern = recipient
    .split(/\{\{.*?\}\}/)
    .map(escape)
    .join('.*');
  return (
    new RegExp(`^${pattern}$`, 'i').test(address) || recipient.toLowerCase().includes(`<${address.toLowerCase()}>`)
  );
}

const checkEmail: Check<EmailClaim> = ({ address }, { after }) => {
  const recipients = after.nodes.flatMap((n) =>
    n.type === 'send_email' ? [...n.config.to, ...(n.config.cc ?? [])] : [],
  );
  if (recipients.some((r) => mayBe(r, address))) return null;
  return `The reply says emails go to ${address}, but no send email node sends to it.`;
};

function warningsOf<C extends { text: string }>(claims: C[], check: Check<C>, change: Change) {
  return claims.flatMap((claim) => {
    const message = check(claim, change);
    return message ? [{ claim: claim.text, message }] : [];
  });
}

/**
 * The claims of `reply` about the change from `before` (null for a new workflow) to `after` that
 * the change does not bear out, each once, in the order the checks run: nodes, renames, URLs, emails.
 */
export function checkReplyClaims(reply: string, before: WorkflowSpec | null, after: WorkflowSpec): ReplyClaimWarning[] {
  const statements = statementsOf(reply);
  const clauses = statements.flatMap(clausesOf);
  const change = { before, after, diff: diffSpecs(before, after) };
  const warnings = [
    ...warningsOf(clauses.flatMap(nodeClaimsIn), checkNodeClaim, change),
    ...warningsOf(statements.flatMap(renameClaimsIn), checkRename, change),
    ...warningsOf(clauses.flatMap(urlClaimsIn), checkUrl, change),
    ...warningsOf(clauses.flatMap(emailClaimsIn), checkEmail, change),
  ];
  return warnings.filter((w, index) => warnings.findIndex((other) => other.message === w.message) === index);
}
