import { childrenOf, type Ast, type BinaryOperator, type ObjectEntry } from './ast';
import { ExpressionError } from './expression-error';
import { isBuiltinName, builtinNames } from './functions';
import { defaultLimits, type ExpressionLimits } from './limits';
import { closestName } from './suggest';
import { tokenize, type Punctuator, type Token } from './tokenizer';
import { assertAllowedName } from './values';

// Recursive descent, one function per precedence level (lowest first):
//   conditional  a ? b : c            (right-associative)
//   nullish      a ?? b
//   or           a || b
//   and          a && b
//   equality     == !=
//   comparison   < <= > >=
//   additive     + -
//   multiplicative * / %
//   unary        ! -
//   postfix      a.b  a[b]
//   primary      literals, names, calls, ( ), [ ], { }
// Recursion is counted (`enter`) so hostile nesting ends in an ExpressionError, not a stack overflow.

/** Parses one expression; throws ExpressionError with the offending position. */
export function parseExpression(source: string, limits: ExpressionLimits = defaultLimits): Ast {
  if (source.length > limits.maxSourceLength) {
    throw new ExpressionError(`Expression too long: ${source.length} characters, limit ${limits.maxSourceLength}`, 0);
  }
  const parser = new Parser(tokenize(source), limits.maxDepth);
  const ast = parser.parseAll();
  // Chains such as `a + b + c` are built by loops, not recursion, so the tree's depth is checked
  // separately; the evaluator recurses over it.
  checkTreeDepth(ast, 1, limits.maxDepth);
  return ast;
}

function checkTreeDepth(ast: Ast, depth: number, maxDepth: number): void {
  if (depth > maxDepth)
    throw new ExpressionError(`Expression nested too deeply: more than ${maxDepth} levels`, ast.start);
  for (const child of childrenOf(ast)) checkTreeDepth(child, depth + 1, maxDepth);
}

const binaryLevels: ReadonlyArray<readonly Punctuator[]> = [
  ['==', '!='],
  ['<', '<=', '>', '>='],
  ['+', '-'],
  ['*', '/', '%'],
];

class Parser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly maxDepth: number,
  ) {}

  parseAll(): Ast {
    if (this.peek().kind === 'end') throw new ExpressionError('Empty expression', 0);
    const ast = this.expression();
    const next = this.peek();
    if (next.kind !== 'end') {
      const hint = next.kind === 'punct' && next.value === '(' ? callHint : null;
      throw new ExpressionError(
        `Unexpected ${describe(next)}`,
        next.start,
        hint ?? 'expected the end of the expression',
      );
    }
    return ast;
  }

  private peek(): Token {
    return this.tokens[this.index] ?? this.tokens[this.tokens.length - 1]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index++;
    return token;
  }

  private isPunct(value: Punctuator): boolean {
    const token = this.peek();
    return token.kind === 'punct' && token.value === value;
  }

  private expect(value: Punctuator): Token {
    const token = this.peek();
    if (token.kind !== 'punct' || token.value !== value) {
      throw new ExpressionError(`Unexpected ${describe(token)}`, token.start, `expected "${value}"`);
    }
    return this.next();
  }

  /** Counts one level of recursion; throws past maxDepth. */
  private enter(at: number): void {
    this.depth++;
    if (this.depth > this.maxDepth) {
      throw new ExpressionError(`Expression nested too deeply: more than ${this.maxDepth} levels`, at);
    }
  }

  private expression(): Ast {
    this.enter(this.peek().start);
    try {
      return this.conditional();
    } finally {
      this.depth--;
    }
  }

  private conditional(): Ast {
    const test = this.nullish();
    if (!this.isPunct('?')) return test;
    this.next();
    const consequent = this.expression();
    this.expect(':');
    const alternate = this.expression();
    return { type: 'conditional', test, consequent, alternate, start: test.start, end: alternate.end };
  }

  // `??` binds looser than `||`, so `a || b ?? c` is `(a || b) ?? c`; JavaScript refuses to mix
  // them without parentheses, this language simply picks the reading that is usually intended.
  private nullish(): Ast {
    let left = this.or();
    while (this.isPunct('??')) {
      this.next();
      const right = this.or();
      left = { type: 'logical', operator: '??', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private or(): Ast {
    let left = this.and();
    while (this.isPunct('||')) {
      this.next();
      const right = this.and();
      left = { type: 'logical', operator: '||', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private and(): Ast {
    let left = this.binary(0);
    while (this.isPunct('&&')) {
      this.next();
      const right = this.binary(0);
      left = { type: 'logical', operator: '&&', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private binary(level: number): Ast {
    const operators = binaryLevels[level];
    if (operators === undefined) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'punct' || !operators.includes(token.value)) return left;
      this.next();
      const right = this.binary(level + 1);
      left = {
        type: 'binary',
        operator: token.value as BinaryOperator,
        left,
        right,
        start: left.start,
        end: right.end,
      };
    }
  }

  private unary(): Ast {
    const token = this.peek();
    if (token.kind === 'punct' && (token.value === '!' || token.value === '-')) {
      this.next();
      this.enter(token.start);
      try {
        const argument = this.unary();
        return { type: 'unary', operator: token.value, argument, start: token.start, end: argument.end };
      } finally {
        this.depth--;
      }
    }
    return this.postfix();
  }

  private postfix(): Ast {
    let object = this.primary();
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'punct') return object;
      if (token.value === '.') {
        this.next();
        const name = this.next();
        if (name.kind === 'number') {
          throw new ExpressionError('Expected a property name after "."', name.start, `write [${name.value}] to index`);
        }
        if (name.kind !== 'name')
          throw new ExpressionError(`Unexpected ${describe(name)}`, name.start, 'expected a property name after "."');
        refuseName(name.value, name.start);
        const property: Ast = { type: 'literal', value: name.value, start: name.start, end: name.end };
        object = { type: 'member', object, property, computed: false, start: object.start, end: name.end };
      } else if (token.value === '[') {
        this.next();
        const property = this.expression();
        const close = this.expect(']');
        if (property.type === 'literal' && (typeof property.value === 'string' || typeof property.value === 'number')) {
          refuseName(String(property.value), property.start);
        }
        object = { type: 'member', object, property, computed: true, start: object.start, end: close.end };
      } else if (token.value === '(') {
        throw new ExpressionError(
          'Unexpected "(": only listed functions can be called, by bare name',
          token.start,
          callHint,
        );
      } else {
        return object;
      }
    }
  }

  private primary(): Ast {
    const token = this.next();
    switch (token.kind) {
      case 'number':
      case 'string':
        return { type: 'literal', value: token.value, start: token.start, end: token.end };
      case 'name':
        return this.name(token);
      case 'end':
        throw new ExpressionError('Unexpected end of expression', token.start);
      case 'punct':
        if (token.value === '(') {
          const inner = this.expression();
          this.expect(')');
          // Parentheses only group; spans stay those of the inner expression.
          return inner;
        }
        if (token.value === '[') return this.array(token);
        if (token.value === '{') return this.object(token);
        throw new ExpressionError(`Unexpected ${describe(token)}`, token.start);
    }
  }

  private name(token: Token & { kind: 'name' }): Ast {
    const { value: name, start, end } = token;
    if (name === 'true' || name === 'false') return { type: 'literal', value: name === 'true', start, end };
    if (name === 'null') return { type: 'literal', value: null, start, end };
    if (this.isPunct('(')) {
      if (!isBuiltinName(name)) {
        const close = closestName(name, builtinNames);
        throw new ExpressionError(
          `Unknown function "${name}"`,
          start,
          close === null ? null : `did you mean "${close}"?`,
        );
      }
      this.next();
      const args = this.list(')');
      return { type: 'call', callee: name, args: args.items, start, end: args.end };
    }
    refuseName(name, start);
    return { type: 'identifier', name, start, end };
  }

  private array(open: Token): Ast {
    const { items, end } = this.list(']');
    return { type: 'array', elements: items, start: open.start, end };
  }

  /** Comma-separated expressions up to `close` (a trailing comma is allowed). */
  private list(close: Punctuator): { items: Ast[]; end: number } {
    const items: Ast[] = [];
    while (!this.isPunct(close)) {
      items.push(this.expression());
      if (!this.isPunct(',')) break;
      this.next();
    }
    return { items, end: this.expect(close).end };
  }

  private object(open: Token): Ast {
    const entries: ObjectEntry[] = [];
    while (!this.isPunct('}')) {
      const keyToken = this.next();
      let key: string;
      if (keyToken.kind === 'name' || keyToken.kind === 'string') key = keyToken.value;
      else if (keyToken.kind === 'number') key = String(keyToken.value);
      else throw new ExpressionError(`Unexpected ${describe(keyToken)}`, keyToken.start, 'expected a key');
      refuseName(key, keyToken.start);
      this.expect(':');
      entries.push({ key, value: this.expression(), start: keyToken.start });
      if (!this.isPunct(',')) break;
      this.next();
    }
    const close = this.expect('}');
    return { type: 'object', entries, start: open.start, end: close.end };
  }
}

const callHint = 'write e.g. upper(x); values have no methods';

/** `__proto__`, `prototype` and `constructor` are refused wherever the source spells them. */
function refuseName(name: string, position: number): void {
  try {
    assertAllowedName(name);
  } catch (error) {
    throw error instanceof ExpressionError ? error.at(position) : error;
  }
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'end of expression';
    case 'punct':
      return `"${token.value}"`;
    case 'name':
      return `name "${token.value}"`;
    case 'number':
      return `number ${token.value}`;
    case 'string':
      return `string ${JSON.stringify(token.value.length > 20 ? `${token.value.slice(0, 20)}...` : token.value)}`;
  }
}
