import { hedged } from './reply-text';

// "Renamed “Fetch” to “Fetch orders”": only quoted names count. Unquoted, where a name ends is a
// guess ("renamed it to Fetch orders so it reads better"), and a wrong guess is a false alarm.

export interface RenameClaim {
  from: string | null;
  to: string;
  text: string;
}

const quoted = String.raw`(?:"([^"]{1,200})"|“([^”]{1,200})”|‘([^’]{1,200})’|\x60([^\x60]{1,200})\x60|'([^']{1,200})')`;
const rename = new RegExp(String.raw`\brenam(?:e|es|ed|ing)\b([^.!?]{0,120}?)\s(?:to|as|into)\s+${quoted}`, 'giu');
const firstQuoted = new RegExp(quoted, 'u');

const nameIn = (match: RegExpExecArray, from: number) => match.slice(from, from + 5).find((g) => g !== undefined);

/** The renames a sentence claims. */
export function renameClaimsIn(sentence: string): RenameClaim[] {
  return [...sentence.matchAll(rename)].flatMap((match) => {
    // Only the words since the last clause break can deny it: "I did not rename …", "Should I rename …".
    const clause = sentence
      .slice(0, match.index)
      .split(/[,;:]\s+/)
      .at(-1)!;
    if (hedged(clause.split(/\s+/).map((w) => w.replace(/^\W+|\W+$/g, '').toLowerCase()))) return [];
    const old = firstQuoted.exec(match[1]!);
    return [{ from: old ? nameIn(old, 1)! : null, to: nameIn(match, 2)!, text: match[0] }];
  });
}
