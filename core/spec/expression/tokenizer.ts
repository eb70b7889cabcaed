import { ExpressionError } from './expression-error';

// Turns expression source into tokens. Hand-written (no RegExp over the whole input) so every
// character is looked at a bounded number of times and error positions are exact.

/** Operators and brackets the language knows. */
export type Punctuator =
  | '('
  | ')'
  | '['
  | ']'
  | '{'
  | '}'
  | ','
  | ':'
  | '.'
  | '?'
  | '!'
  | '-'
  | '+'
  | '*'
  | '/'
  | '%'
  | '<'
  | '<='
  | '>'
  | '>='
  | '=='
  | '!='
  | '&&'
  | '||'
  | '??';

/** One token with its offsets in the source. */
export type Token =
  | { readonly kind: 'number'; readonly value: number; readonly start: number; readonly end: number }
  | { readonly kind: 'string'; readonly value: string; readonly start: number; readonly end: number }
  | { readonly kind: 'name'; readonly value: string; readonly start: number; readonly end: number }
  | { readonly kind: 'punct'; readonly value: Punctuator; readonly start: number; readonly end: number }
  | { readonly kind: 'end'; readonly start: number; readonly end: number };

// Longest first, so `<=` wins over `<`. `===`/`!==` are accepted as `==`/`!=` because people and
// LLMs write them out of JavaScript habit and equality here is always strict anyway.
const punctuators: ReadonlyArray<readonly [string, Punctuator]> = [
  ['===', '=='],
  ['!==', '!='],
  ['==', '=='],
  ['!=', '!='],
  ['<=', '<='],
  ['>=', '>='],
  ['&&', '&&'],
  ['||', '||'],
  ['??', '??'],
  ['(', '('],
  [')', ')'],
  ['[', '['],
  [']', ']'],
  ['{', '{'],
  ['}', '}'],
  [',', ','],
  [':', ':'],
  ['.', '.'],
  ['?', '?'],
  ['!', '!'],
  ['-', '-'],
  ['+', '+'],
  ['*', '*'],
  ['/', '/'],
  ['%', '%'],
  ['<', '<'],
  ['>', '>'],
];

const simpleEscapes: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  '/': '/',
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
};

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isNameStart = (c: string | undefined): boolean =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_');
const isNamePart = (c: string | undefined): boolean => isNameStart(c) || isDigit(c);
const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);

/** Splits `source` into tokens ending with an `end` token; throws ExpressionError on bad characters, numbers or strings. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (isSpace(c)) {
      i++;
    } else if (isDigit(c)) {
      i = readNumber(source, i, tokens);
    } else if (c === '"' || c === "'") {
      i = readString(source, i, tokens);
    } else if (isNameStart(c)) {
      const start = i;
      while (isNamePart(source[i])) i++;
      tokens.push({ kind: 'name', value: source.slice(start, i), start, end: i });
    } else if (c === '?' && source[i + 1] === '.' && !isDigit(source[i + 2])) {
      // `a?.b` reads like `a.b`: member access is already null-safe, so the optional form is accepted.
      tokens.push({ kind: 'punct', value: '.', start: i, end: i + 2 });
      i += 2;
    } else {
      i = readPunctuator(source, i, tokens);
    }
  }
  tokens.push({ kind: 'end', start: source.length, end: source.length });
  return tokens;
}

function readNumber(source: string, start: number, tokens: Token[]): number {
  let i = start;
  while (isDigit(source[i])) i++;
  if (source[i] === '.' && isDigit(source[i + 1])) {
    i++;
    while (isDigit(source[i])) i++;
  }
  if (source[i] === 'e' || source[i] === 'E') {
    let j = i + 1;
    if (source[j] === '+' || source[j] === '-') j++;
    if (!isDigit(source[j])) throw new ExpressionError('Invalid number: exponent has no digits', start);
    while (isDigit(source[j])) j++;
    i = j;
  }
  if (isNamePart(source[i])) throw new ExpressionError(`Invalid number "${source.slice(start, i + 1)}"`, start);
  const value = Number(source.slice(start, i));
  if (!Number.isFinite(value)) throw new ExpressionError('Number is too large', start);
  tokens.push({ kind: 'number', value, start, end: i });
  return i;
}

function readString(source: string, start: number, tokens: Token[]): number {
  const quote = source[start];
  let i = start + 1;
  let value = '';
  for (;;) {
    const c = source[i];
    if (c === undefined) throw new ExpressionError('Unterminated string', start);
    if (c === quote) break;
    if (c !== '\\') {
      value += c;
      i++;
      continue;
    }
    const e = source[i + 1];
    if (e === 'u') {
      const hex = source.slice(i + 2, i + 6);
      if (hex.length !== 4 || ![...hex].every(isHex)) {
        throw new ExpressionError('Invalid \\u escape: expected 4 hex digits', i);
      }
      value += String.fromCharCode(parseInt(hex, 16));
      i += 6;
    } else if (e !== undefined && Object.prototype.hasOwnProperty.call(simpleEscapes, e)) {
      value += simpleEscapes[e];
      i += 2;
    } else {
      throw new ExpressionError(`Invalid escape "\\${e ?? ''}"`, i);
    }
  }
  tokens.push({ kind: 'string', value, start, end: i + 1 });
  return i + 1;
}

function readPunctuator(source: string, start: number, tokens: Token[]): number {
  for (const [text, value] of punctuators) {
    if (source.startsWith(text, start)) {
      tokens.push({ kind: 'punct', value, start, end: start + text.length });
      return start + text.length;
    }
  }
  const c = source[start] ?? '';
  if (c === '=') throw new ExpressionError('Unexpected "="', start, 'use "==" to compare; expressions cannot assign');
  if (c === '&') throw new ExpressionError('Unexpected "&"', start, 'use "&&"');
  if (c === '|') throw new ExpressionError('Unexpected "|"', start, 'use "||"');
  if (c === '`') throw new ExpressionError('Unexpected "`"', start, 'strings use single or double quotes');
  throw new ExpressionError(`Unexpected character ${JSON.stringify(c)}`, start);
}
