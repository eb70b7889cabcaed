import type { NodeType } from '../node-types';

// The everyday words a reply uses for each node type, and how a warning names it. Each pattern is
// matched against the lowercased words that follow a verb, joined by single spaces, and must end
// at a word's end. Words that name several things ("request", "webhook", "model", "check") count
// only in a phrase that pins them down.

const det = String.raw`(?:an?\s+|the\s+)?`;

interface NodeWords {
  pattern: RegExp;
  /** The claim as a warning quotes it: "an approval step", "the approval step". */
  a: string;
  the: string;
  /** The type as a person reads it in the list of changes. */
  label: string;
}

const words = (source: string) => new RegExp(String.raw`^(?:${source})(?=\s|$)`);

export const nodeWords: Record<NodeType, NodeWords> = {
  approval: {
    pattern: words(
      String.raw`(?:waits?|waiting|asks?|asking)\s+for\s+${det}approvals?|(?:needs?|requires?)\s+${det}approvals?|approvals?|sign-offs?`,
    ),
    a: 'an approval step',
    the: 'the approval step',
    label: 'approval',
  },
  send_email: {
    pattern: words(String.raw`(?:sends?|sending)\s+(?:an?\s+)?e-?mails?|e-?mails?|emailing`),
    a: 'an email step',
    the: 'the email step',
    label: 'send email',
  },
  http_request: {
    pattern: words(
      String.raw`(?:https?|api|rest|webhook|get|post|put|patch|delete)\s+(?:requests?|calls?)|(?:calls?|calling)\s+(?:to\s+)?${det}(?:api|endpoint)s?|https?|apis?`,
    ),
    a: 'an HTTP request',
    the: 'the HTTP request',
    label: 'HTTP request',
  },
  google_sheets: {
    pattern: words(String.raw`google\s+sheets?|spreadsheets?|sheets?`),
    a: 'a Google Sheets step',
    the: 'the Google Sheets step',
    label: 'Google Sheets',
  },
  transform: {
    pattern: words(String.raw`transforms?|transformations?`),
    a: 'a transform step',
    the: 'the transform step',
    label: 'transform',
  },
  condition: {
    pattern: words(String.raw`conditions?|conditionals?|if\s*/\s*else|checks?\s+(?:steps?|nodes?)`),
    a: 'a condition',
    the: 'the condition',
    label: 'condition',
  },
  delay: {
    pattern: words(String.raw`delays?|waits?|waiting\s+(?:steps?|periods?)|pauses?|timers?`),
    a: 'a delay',
    the: 'the delay',
    label: 'delay',
  },
  llm: {
    pattern: words(
      String.raw`(?:llm|ai|gpt|openai|model)\s+(?:steps?|nodes?|calls?|requests?|summar(?:y|ies))|summar(?:y|ies)\s+(?:by|from)\s+${det}(?:model|llm|ai|gpt)|language\s+models?|llms?|ai|openai|gpt[\w.-]*`,
    ),
    a: 'a model (LLM) step',
    the: 'the model (LLM) step',
    label: 'LLM',
  },
  for_each: {
    pattern: words(String.raw`for[-_ ]each(?:\s+loops?)?|loops?|iterations?|looping`),
    a: 'a loop',
    the: 'the loop',
    label: 'for each',
  },
};

/**
 * Words that may name a node of the type or only part of one: "added a branch for big orders" may
 * add a condition or a path out of one already there, and "removed the branch" removes a path. A
 * claim made with them is only held against the proposal having such a node.
 */
const looseWords: Array<{ type: NodeType; pattern: RegExp }> = [
  { type: 'condition', pattern: words(String.raw`branch(?:es)?`) },
];

/** What may follow a node word as its noun: "approval step", "email notification". */
export const nodeNoun =
  /^(?:steps?|nodes?|actions?|stages?|tasks?|calls?|requests?|checks?|notifications?|messages?|gates?|loops?|timers?|operations?)$/;

/**
 * The node type named by the words starting at `at`, and how many words name it; the longest
 * match wins, so "waits for approval" is an approval, not a delay.
 */
export function nodeWordsAt(
  words: readonly string[],
  at: number,
): { type: NodeType; length: number; loose: boolean } | null {
  const text = words.slice(at, at + 6).join(' ');
  const candidates = [
    ...Object.entries(nodeWords).map(([type, { pattern }]) => ({ type: type as NodeType, pattern, loose: false })),
    ...looseWords.map((entry) => ({ ...entry, loose: true })),
  ];
  let best: { type: NodeType; loose: boolean; match: string } | null = null;
  for (const { type, pattern, loose } of candidates) {
    const match = pattern.exec(text)?.[0];
    if (match && (!best || match.length > best.match.length)) best = { type, loose, match };
  }
  return best && { type: best.type, length: best.match.split(' ').length, loose: best.loose };
}
