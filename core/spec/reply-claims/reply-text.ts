// The reply as the claim checks read it: statements (questions left out), split into clauses, each
// clause as words. A claim counts only when nothing before it in its clause denies it, makes it
// hypothetical or says it describes what already was.

/** A clause of the reply: its text, its words as written, the same words lowercased and bare. */
export interface Clause {
  /** The whole sentence, for what the clause is about: "To start it, send a POST to …". */
  sentence: string;
  text: string;
  raw: string[];
  words: string[];
}

/** Sentences that state something; a question ("Shall I add a delay?") claims nothing. */
export function statementsOf(reply: string): string[] {
  return reply
    .split(/(?<=[.!?])\s+|\n+/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 0 && !sentence.endsWith('?'));
}

// Commas, semicolons, colons and dashes followed by a space end a clause, and so do conjunctions
// that start a new thought: "I removed the delay because you did not need it".
const clauseBreak = /[,;]\s+|:\s+|\s+[—–-]\s+|\s+(?:but|while|whereas|although|though|because|since|so)\s+/i;

const bare = (word: string) =>
  word
    .replace(/^[^\p{L}\p{N}{/]+/u, '')
    .replace(/[^\p{L}\p{N}}]+$/u, '')
    .toLowerCase();

export function clausesOf(sentence: string): Clause[] {
  return sentence.split(clauseBreak).flatMap((text) => {
    const raw = text
      .split(/\s+/)
      .filter((word) => bare(word) !== '')
      .map((word) => word.replace(/[.!?]+$/, ''));
    return raw.length ? [{ sentence, text, raw, words: raw.map(bare) }] : [];
  });
}

/** Every clause of every statement of the reply. */
export const clausesOfReply = (reply: string): Clause[] => statementsOf(reply).flatMap(clausesOf);

// Words that deny what follows, or make it a possibility, a wish, a plan or a description of what
// already was rather than a change this proposal makes. "Will" and "I'll" are not among them:
// replies describe the proposal they come with that way ("I'll add an approval step; here it is").
const denial = /^(?:not|never|no|nor|neither|without|none|nothing|cannot|instead|rather|except|unless)$|n['’]t$/;
const notDone =
  /^(?:can|could|would|should|might|may|must|shall|want|wants|like|if|whether|suggest|recommend|consider|optional|optionally|prefer|perhaps|maybe|let|asked|wanted|requested|currently|already|previously|originally|formerly|still|existing|later|plan|planned)$|['’]d$/;

/** Whether any of `words` denies, hedges or dates what comes after it. */
export const hedged = (words: readonly string[]) => words.some((word) => denial.test(word) || notDone.test(word));
