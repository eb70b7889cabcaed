import { hedged, type Clause } from './reply-text';

// The places a reply says data goes: URLs and paths it says are called, with the HTTP method when
// one is written right before ("POST to /orders"), and email addresses it says are sent to. A
// mention counts only in a clause about calling or sending, and not after words that deny it, move
// it away or name someone other than a recipient ("instead of bob@…", "from noreply@…").

export interface UrlClaim {
  url: string;
  method: string | null;
  text: string;
}

export interface EmailClaim {
  address: string;
  text: string;
}

const words = (text: string) => text.split(/\s+/).map((w) => w.replace(/^\W+|\W+$/g, '').toLowerCase());
const trailing = /[.,;:!?)\]'"’”`*]+$/;

// Words after which a mention is not where data now goes.
const movedAway =
  /^(?:remove|removes|removed|drop|drops|dropped|delete|deletes|deleted|replace|replaces|replaced|replacing|stop|stops|stopped|longer|than|old|earlier|used)$/;

// A template may hold spaces ("/orders/{{ trigger.id }}"): it is read as one piece of the URL.
const urlPattern =
  /(?<![\w@/.])(?:https?:\/\/(?:\{\{[^}]*\}\}|[^\s<>"'`\]])+|\/(?:\{\{[^}]*\}\}|[\p{L}\p{N}_{}:<>.~%$-])(?:\{\{[^}]*\}\}|[^\s"'`\]])*)/gu;
const calling =
  /^(?:get|post|put|patch|delete|posts|posted|posting|calls?|called|calling|requests?|requested|fetch|fetches|fetched|fetching|sends?|sent|sending|hits?|hitting|quer(?:y|ies|ied)|pulls?|pulled|loads?|loaded|endpoints?|goes|forwards?|forwarded|push|pushes|pushed|uploads?|uploaded|reads?|retrieves?|retrieved)$/;
// Sentences about an email's content, documentation, or this app's own webhook that starts a run.
const notACall =
  /^(?:e-?mails?|mail|link|links|docs|documentation|see|trigger|triggers|triggered|triggering|start|starts|started|webhook|example|e\.g)$/;
const methodBefore =
  /\b(GET|POST|PUT|PATCH|DELETE|HEAD)(?:S|s|ing)?\s+(?:(?:request|requests|call|calls)\s+)?(?:(?:to|at|on|against)\s+)?(?:the\s+)?[`"'“(]?$/;

/** URLs and paths a clause says the workflow calls. */
export function urlClaimsIn(clause: Clause): UrlClaim[] {
  if (!words(clause.text).some((w) => calling.test(w)) || words(clause.sentence).some((w) => notACall.test(w)))
    return [];
  return [...clause.text.matchAll(urlPattern)].flatMap((match) => {
    const url = match[0].replace(trailing, '');
    const before = clause.text.slice(0, match.index);
    const prior = words(before).filter(Boolean);
    if (!/\p{L}/u.test(url) || /\/hooks\//.test(url) || hedged(prior) || prior.some((w) => movedAway.test(w)))
      return [];
    // "changed the URL from /old to /new": the one after "from" is what it was.
    if (prior.at(-1) === 'from' && /\b(?:chang|mov|switch|updat|migrat)\w*/i.test(before)) return [];
    const method = methodBefore.exec(before)?.[1] ?? null;
    return [{ url, method, text: method ? `${method} to ${url}` : url }];
  });
}

const addressPattern = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
const sending =
  /^(?:e-?mails?|emailed|emailing|mail|mails|mailed|sends?|sent|sending|notif\w*|cc|ccs|cced|copy|copies|copied|recipients?|goes|go|going|delivered|delivers?|deliver|addressed|forwards?|forwarded|alerts?|messages?)$/;
// Words before an address that make it someone other than a recipient of a send_email node.
const notRecipient =
  /^(?:from|sender|by|approv\w*|reply-to|repl(?:y|ies)|signed|login|account|user|owner|connector|smtp|if|when|whose|unless|where|whether)$/;

/** Email addresses a clause says are sent to. */
export function emailClaimsIn(clause: Clause): EmailClaim[] {
  if (!words(clause.text).some((w) => sending.test(w))) return [];
  return [...clause.text.matchAll(addressPattern)].flatMap((match) => {
    const address = match[0].replace(trailing, '');
    const prior = words(clause.text.slice(0, match.index)).filter(Boolean);
    if (hedged(prior) || prior.some((w) => movedAway.test(w) || notRecipient.test(w))) return [];
    return [{ address, text: address }];
  });
}
