import type { NodeType } from '../node-types';
import { hedged, type Clause } from './reply-text';
import { nodeNoun, nodeWordsAt } from './node-words';

// Finds "added an approval step", "removed the delay", "no longer waits", "a new email step",
// "an approval step was added" in a clause, and which node type each names. Only a node word that
// is the verb's object counts: "added a step after the approval" claims nothing about approvals.

export type NodeChange = 'added' | 'removed';

export interface NodeClaim {
  change: NodeChange;
  type: NodeType;
  /** The words of the reply that make the claim. */
  text: string;
  /** Made with a word that may name part of a node ("branch"): held only against the proposal having one. */
  loose: boolean;
}

type Mode = 'verb' | 'new' | 'no longer';

const addVerb =
  /^(?:add|adds|added|adding|insert|inserts|inserted|inserting|introduce|introduces|introduced|introducing)$/;
const removeVerb =
  /^(?:remove|removes|removed|removing|delete|deletes|deleted|deleting|drop|drops|dropped|dropping|eliminate|eliminates|eliminated)$/;
const participle = /^(?:added|inserted|introduced|removed|deleted|dropped|eliminated)$/;
const auxiliary = /^(?:was|were|is|are|been|be|being|has|have|had|got|gets|get)$/;
const adverb = /^(?:now|also|just|simply|entirely|completely|fully|then|both)$/;

// Words that end a verb's object, and those a node word may be followed by and still be the object.
const stop =
  /^(?:to|for|that|which|who|after|before|between|at|on|in|into|with|without|when|whenever|if|so|and|or|then|of|from|by|as|where|until|instead|rather|but|than|once|per|over|under|via|through|is|are|was|were|be|been|has|have|had|will|would|can|could|should)$/;
const follows =
  /^(?:to|for|that|which|who|after|before|between|at|on|in|into|with|when|whenever|if|so|and|or|then|of|once|per|every|each|where|until|as|by|over|around|ahead|first|too|also|here|there|now|instead|a|an|the|it|them|this|right|only|again|immediately|\d.*)$/;
// A node word after these is not a new node: "the error branch", "no delay", "the approval step"
// added somewhere (a definite article names a node that was there before).
const denies = /^(?:no|not|never|any|none|error|failure|fallback|true|false|else|approved|rejected|yes)$|n['’]t$/;
const definite = /^(?:the|this|that|these|those|its|their|your|our|existing|old|previous|original|same|current)$/;
const noLongerFiller =
  /^(?:has|have|includes?|contains?|uses?|needs?|requires?|does|do|runs?|performs?|makes?|any|a|an)$/;
const wholeWorkflow = /^(?:workflow|flow|automation|pipeline|process|spec|proposal|it|start|beginning|end|graph)$/;
const determiner = /^(?:a|an|another|new|one|two|three|the|more|extra)$/;
// Words for part of a node's config: "added a condition to the email subject", "removed the delay
// between retries" change a node, they do not add or remove one.
const nodePart =
  /^(?:subject|body|text|template|expression|headers?|url|fields?|payload|query|prompt|config|settings|retry|retries|attempts?|backoff|timeout|response|params?|parameters?|variables?|columns?|cells?|range)$/;

/** The verb at `at`, if any: what it claims and where its object starts. */
function verbAt(w: readonly string[], at: number): { change: NodeChange; object: number; mode: Mode } | null {
  const [word, next] = [w[at]!, w[at + 1]];
  if (addVerb.test(word)) return { change: 'added', object: at + 1, mode: 'verb' };
  if (word === 'new') return { change: 'added', object: at + 1, mode: 'new' };
  if (removeVerb.test(word)) return { change: 'removed', object: at + 1, mode: 'verb' };
  if (word === 'no' && next === 'longer') return { change: 'removed', object: at + 2, mode: 'no longer' };
  if (/^(?:took|take|takes|taking)$/.test(word) && next === 'out')
    return { change: 'removed', object: at + 2, mode: 'verb' };
  if (/^(?:got|get|gets|getting)$/.test(word) && next === 'rid' && w[at + 2] === 'of')
    return { change: 'removed', object: at + 3, mode: 'verb' };
  return null;
}

/**
 * Whether the word at `at` may follow a node word that is a verb's object. After a noun ("approval
 * step") any word may; a bare node word must end the phrase ("email", not "email address").
 */
function endsObject(w: readonly string[], at: number, change: NodeChange, afterNoun: boolean): boolean {
  if (at >= w.length) return true;
  if (w.slice(at, at + 5).some((word) => nodePart.test(word))) return false;
  // "removed the delay from the workflow" removes it; "removed the email from the loop" moves it.
  if (w[at] === 'from') return change === 'removed' && wholeWorkflow.test(w[at + (w[at + 1] === 'the' ? 2 : 1)] ?? '');
  return afterNoun || follows.test(w[at]!);
}

/** The node types a verb's object names, from `start`: "an approval step and a delay". */
function objects(w: readonly string[], start: number, change: NodeChange, mode: Mode) {
  const found: Array<{ type: NodeType; loose: boolean; start: number; end: number }> = [];
  const maxFillers = mode === 'verb' ? 3 : mode === 'new' ? 1 : 2;
  let at = start;
  for (;;) {
    const objectStart = at;
    let fillers = 0;
    for (;;) {
      if (at >= w.length) return found;
      const named = nodeWordsAt(w, at);
      if (named) {
        const noun = nodeNoun.test(w[at + named.length] ?? '');
        const end = at + named.length + (noun ? 1 : 0);
        if (!endsObject(w, end, change, noun)) return found;
        found.push({ type: named.type, loose: named.loose, start: objectStart, end });
        at = end;
        break;
      }
      const word = w[at]!;
      if (mode === 'no longer' ? !noLongerFiller.test(word) : denies.test(word) || stop.test(word)) return found;
      if (change === 'added' && definite.test(word)) return found;
      if (++fillers > maxFillers) return found;
      at++;
    }
    // "… and a delay": another object only when what follows "and" starts one.
    const next = w[at + 1] ?? '';
    if (!/^(?:and|plus)$/.test(w[at] ?? '') || !(determiner.test(next) || nodeWordsAt(w, at + 1))) return found;
    at++;
  }
}

/** "An approval step was added", or a list item "Delay removed": the node word right before the verb. */
function passiveSubject(w: readonly string[], verb: number, change: NodeChange) {
  let end = verb - 1;
  let auxiliaries = 0;
  while (end >= 0 && (auxiliary.test(w[end]!) || adverb.test(w[end]!))) if (auxiliary.test(w[end--]!)) auxiliaries++;
  for (let start = end; start >= Math.max(0, end - 5); start--) {
    const named = nodeWordsAt(w, start);
    if (!named) continue;
    const last = start + named.length - 1;
    if (last !== end && !(last === end - 1 && nodeNoun.test(w[end]!))) continue;
    const before = w[start - 1];
    // Without "was"/"has been", only a list item reads as passive: "Approval step added before …",
    // not "A loop added items".
    const leads = (start === 0 || (start === 1 && determiner.test(before!))) && endsObject(w, verb + 1, change, false);
    if (auxiliaries === 0 && !leads) return null;
    if (before && (denies.test(before) || (change === 'added' && definite.test(before)))) return null;
    return { type: named.type, loose: named.loose, start };
  }
  return null;
}

/** The node claims one clause makes. */
export function nodeClaimsIn(clause: Clause): NodeClaim[] {
  const { words: w, raw } = clause;
  const claims: NodeClaim[] = [];
  for (let at = 0; at < w.length; at++) {
    const verb = verbAt(w, at);
    if (!verb || hedged(w.slice(0, at))) continue;
    const found = objects(w, verb.object, verb.change, verb.mode);
    for (const { type, loose, start, end } of found)
      claims.push({
        change: verb.change,
        type,
        loose,
        text: [...raw.slice(at, verb.object), ...raw.slice(start, end)].join(' '),
      });
    if (found.length === 0 && verb.mode === 'verb' && participle.test(w[at]!)) {
      const subject = passiveSubject(w, at, verb.change);
      if (subject) claims.push({ ...subject, change: verb.change, text: raw.slice(subject.start, at + 1).join(' ') });
    }
  }
  return claims;
}
