// The syntax tree is plain JSON-compatible data (no classes, no functions) so it can be cached,
// stored or sent to the browser and evaluated later.

/** Offsets of a syntax node in its expression source: `start` inclusive, `end` exclusive. */
interface Span {
  readonly start: number;
  readonly end: number;
}

/** `12`, `"text"`, `true`, `false`, `null`. */
export interface LiteralAst extends Span {
  readonly type: 'literal';
  readonly value: null | boolean | number | string;
}

/** A root name looked up in the scope, such as `trigger` or `nodes`. */
export interface IdentifierAst extends Span {
  readonly type: 'identifier';
  readonly name: string;
}

/** `object.name` (`computed: false`, property is a string literal) or `object[expression]` (`computed: true`). */
export interface MemberAst extends Span {
  readonly type: 'member';
  readonly object: Ast;
  readonly property: Ast;
  readonly computed: boolean;
}

/** `[a, b]`. */
export interface ArrayAst extends Span {
  readonly type: 'array';
  readonly elements: readonly Ast[];
}

/** One `key: value` of an object literal. */
export interface ObjectEntry {
  readonly key: string;
  readonly value: Ast;
  readonly start: number;
}

/** `{ key: value, "quoted key": value }`. */
export interface ObjectAst extends Span {
  readonly type: 'object';
  readonly entries: readonly ObjectEntry[];
}

/** Prefix operators. */
export type UnaryOperator = '!' | '-';

/** `!x`, `-x`. */
export interface UnaryAst extends Span {
  readonly type: 'unary';
  readonly operator: UnaryOperator;
  readonly argument: Ast;
}

/** Operators that always evaluate both sides. */
export type BinaryOperator = '+' | '-' | '*' | '/' | '%' | '<' | '<=' | '>' | '>=' | '==' | '!=';

/** `a + b`, `a == b`, ... */
export interface BinaryAst extends Span {
  readonly type: 'binary';
  readonly operator: BinaryOperator;
  readonly left: Ast;
  readonly right: Ast;
}

/** Operators that may skip their right side. */
export type LogicalOperator = '&&' | '||' | '??';

/** `a && b`, `a || b`, `a ?? b`. */
export interface LogicalAst extends Span {
  readonly type: 'logical';
  readonly operator: LogicalOperator;
  readonly left: Ast;
  readonly right: Ast;
}

/** `test ? consequent : alternate`. */
export interface ConditionalAst extends Span {
  readonly type: 'conditional';
  readonly test: Ast;
  readonly consequent: Ast;
  readonly alternate: Ast;
}

/** `name(args)`: a call of a whitelisted function by bare name. */
export interface CallAst extends Span {
  readonly type: 'call';
  readonly callee: string;
  readonly args: readonly Ast[];
}

/** A parsed expression. */
export type Ast =
  | LiteralAst
  | IdentifierAst
  | MemberAst
  | ArrayAst
  | ObjectAst
  | UnaryAst
  | BinaryAst
  | LogicalAst
  | ConditionalAst
  | CallAst;

/** Direct sub-expressions of `ast`, in source order. */
export function childrenOf(ast: Ast): readonly Ast[] {
  switch (ast.type) {
    case 'literal':
    case 'identifier':
      return [];
    case 'member':
      return [ast.object, ast.property];
    case 'array':
      return ast.elements;
    case 'object':
      return ast.entries.map((entry) => entry.value);
    case 'unary':
      return [ast.argument];
    case 'binary':
    case 'logical':
      return [ast.left, ast.right];
    case 'conditional':
      return [ast.test, ast.consequent, ast.alternate];
    case 'call':
      return ast.args;
  }
}
