import { ExpressionError, parseExpression, parseTemplate, type Ast } from './expression';
import { nodeExpressions } from './node-references';
import { enclosingLoops } from './spec-graph';
import type { SpecNode, WorkflowSpec } from './spec.schema';

// Test runs replace a node's side effects with a sample output (issue 14). When nobody pinned one
// and the node never ran, the sample is derived here: shaped by what the other nodes' templates,
// conditions and loop items read of it, so that a test run gets past template evaluation. Pure
// (no I/O, no Node built-ins): the API imports it; the workflow sandbox does not.

/** Whether a test run must give this node a sample output: its output comes from outside the run. */
export function needsSample(node: SpecNode): boolean {
  return (
    node.type === 'http_request' ||
    node.type === 'llm' ||
    (node.type === 'google_sheets' && node.config.operation === 'read')
  );
}

/**
 * A sample output of node `nodeId` that its type's output schema accepts, holding what the spec's
 * expressions read of it. Undefined for a node that needs no sample (see `needsSample`); throws
 * when the spec has no such node. The same spec always gives the same sample.
 */
export function derivedSample(spec: WorkflowSpec, nodeId: string): unknown {
  const node = spec.nodes.find((n) => n.id === nodeId);
  if (node === undefined) throw new Error(`no node "${nodeId}" in the spec`);
  if (!needsSample(node)) return undefined;
  const read = readShapes(spec).get(nodeId) ?? shape();
  const field = (name: string) => read.fields?.get(name) ?? shape();
  switch (node.type) {
    case 'http_request': {
      const headers = [...(field('headers').fields ?? [])].map(([key, inner]) => [
        key,
        asText(materialize(inner, `headers.${key}`)),
      ]);
      return {
        status: 200,
        headers: { ...Object.fromEntries(headers), 'content-type': 'application/json' },
        body: materialize(merge(objectShape(), field('body')), 'body'),
      };
    }
    case 'google_sheets': {
      const rows = materialize(merge(listOf(listOf(shape('string'), 3)), field('rows')), 'rows') as unknown[][];
      const range = node.config.range.includes('{{') ? 'sample range' : node.config.range;
      return { range, rows: rows.map((row) => row.map(asText)), updatedRows: 0 };
    }
    case 'llm': {
      const text = field('text');
      // A prompt asking for JSON, read back with parseJson(), gets JSON holding what is read of it;
      // text read as a number gets one (number() accepts it).
      if (text.json) return llmOutput(JSON.stringify(materialize(text.json, 'text')));
      return llmOutput(text.leaf === 'number' ? '1' : `sample answer of ${node.name}`);
    }
    default:
      return undefined;
  }
}

const llmOutput = (text: string) => ({ text, model: 'sample', totalTokens: 0 });

/** Cells and header values are text: a number or a boolean read of one is written as text. */
function asText(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

// --- What the spec reads of a value -------------------------------------------------------------

/** How a value is used where it is not taken apart: ranked, the strongest use wins. */
type Leaf = 'any' | 'boolean' | 'string' | 'number';
const leafRank: Record<Leaf, number> = { any: 0, boolean: 1, string: 2, number: 3 };

/** What the spec's expressions need of one value. */
interface Shape {
  leaf: Leaf;
  /** Read as an object: the keys read; an empty map asks for an object (`{}`) and no key. */
  fields: Map<string, Shape> | null;
  /** Read as a list: what every item must hold, and at least `length` items. */
  items: Shape | null;
  length: number;
  /** Items read at a literal index (`row[3]`): how each is used is kept apart, as in a sheet's row. */
  at: Map<number, Shape> | null;
  /** Text given to parseJson(): the shape of what it holds. */
  json: Shape | null;
}

const shape = (leaf: Leaf = 'any'): Shape => ({ leaf, fields: null, items: null, length: 0, at: null, json: null });
const objectShape = (): Shape => ({ ...shape(), fields: new Map() });
const objectOf = (key: string, inner: Shape): Shape => ({ ...shape(), fields: new Map([[key, inner]]) });
const listOf = (item: Shape, length = 0): Shape => ({ ...shape(), items: item, length });
/** `list[index]` used as `inner`: the other items take its structure (lists are mostly of one kind), not its use. */
const indexed = (index: number, inner: Shape): Shape => ({
  ...listOf({ ...merge(shape(), inner), leaf: 'any' }),
  at: new Map([[index, inner]]),
});

/** Adds `from` to `into` (copying, so no two places share a shape) and returns `into`. */
function merge(into: Shape, from: Shape): Shape {
  if (leafRank[from.leaf] > leafRank[into.leaf]) into.leaf = from.leaf;
  if (from.fields) {
    const fields = (into.fields ??= new Map());
    for (const [key, inner] of from.fields) fields.set(key, merge(fields.get(key) ?? shape(), inner));
  }
  if (from.items) into.items = merge(into.items ?? shape(), from.items);
  into.length = Math.max(into.length, from.length);
  if (from.at) {
    const at = (into.at ??= new Map());
    for (const [index, inner] of from.at) at.set(index, merge(at.get(index) ?? shape(), inner));
  }
  if (from.json) into.json = merge(into.json ?? shape(), from.json);
  return into;
}

/** Lists get 2 items (more when an index asks); leaves say where they sit, e.g. "sample body.invoices.0.id". */
function materialize(s: Shape, path: string): unknown {
  if (s.items) {
    const { items, at } = s;
    const length = Math.max(2, s.length, ...[...(at?.keys() ?? [])].map((index) => index + 1));
    return Array.from({ length }, (_, i) =>
      materialize(merge(merge(shape(), items), at?.get(i) ?? shape()), `${path}.${i}`),
    );
  }
  // A value both taken apart and used as text is an object only when keys are read of it.
  if (s.fields && (s.fields.size > 0 || leafRank[s.leaf] < leafRank.string))
    return Object.fromEntries([...s.fields].map(([key, inner]) => [key, materialize(inner, `${path}.${key}`)]));
  if (s.json) return JSON.stringify(materialize(s.json, path));
  if (s.leaf === 'number') return 1;
  if (s.leaf === 'boolean') return true;
  return `sample ${path}`;
}

// --- Walking the spec's expressions -------------------------------------------------------------

/** A literal index past this reads null rather than growing the sample. */
const maxIndexed = 100;

interface ReadContext {
  byId: ReadonlyMap<string, SpecNode>;
  reads: Map<string, Shape>;
  /** The loop whose `item` the expression reads (null at the top level), and the loops crossed. */
  loop: string | null;
  crossed: readonly string[];
}

/** What all of the spec's expressions read of each node's output, by node id. */
function readShapes(spec: WorkflowSpec): Map<string, Shape> {
  const ctx: Omit<ReadContext, 'loop' | 'crossed'> = {
    byId: new Map(spec.nodes.map((n) => [n.id, n])),
    reads: new Map(),
  };
  for (const node of spec.nodes) {
    for (const { path } of nodeExpressions(node, 'config')) {
      const text = valueAt(node.config, path.split('.').slice(1));
      if (typeof text !== 'string') continue;
      const here = { ...ctx, loop: node.loop ?? null, crossed: [] };
      try {
        if (node.type === 'condition' && path === 'config.expression')
          read(parseExpression(text), shape('boolean'), here);
        else
          for (const part of parseTemplate(text))
            if (part.kind === 'expression') read(part.ast, wantOf(node, path), here);
      } catch (error) {
        // The validator reports bad text; a sample simply ignores it.
        if (!(error instanceof ExpressionError)) throw error;
      }
    }
  }
  // `nodes.<loop>.results[i].output.<body node>` reads a body node's output after its loop; outer
  // loops first, since their results hold the inner loops' results.
  const depth = (node: SpecNode) => enclosingLoops(ctx.byId, node.id).length;
  for (const node of [...spec.nodes].sort((a, b) => depth(a) - depth(b))) {
    if (node.type !== 'for_each') continue;
    const outputs = ctx.reads.get(node.id)?.fields?.get('results')?.items?.fields?.get('output')?.fields;
    for (const [id, inner] of outputs ?? []) record(ctx.reads, id, inner);
  }
  return ctx.reads;
}

function valueAt(value: unknown, keys: readonly string[]): unknown {
  let at = value;
  for (const key of keys) at = typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined;
  return at;
}

/** What a config field's template must give: loop items are a list (of objects, at least), appended rows a list of lists. */
function wantOf(node: SpecNode, path: string): Shape {
  if (node.type === 'for_each' && path === 'config.items') return listOf(objectShape());
  if (node.type === 'google_sheets' && path === 'config.rows') return listOf(listOf(shape()));
  return shape();
}

function record(reads: Map<string, Shape>, nodeId: string, inner: Shape): void {
  reads.set(nodeId, merge(reads.get(nodeId) ?? shape(), inner));
}

/** Notes what `ast` reads, given that its value must look like `want`. */
function read(ast: Ast, want: Shape, ctx: ReadContext): void {
  switch (ast.type) {
    case 'literal':
      return;
    case 'identifier':
    case 'member':
      return readPath(ast, want, ctx);
    case 'array':
      return ast.elements.forEach((element) => read(element, want.items ?? shape(), ctx));
    case 'object':
      return ast.entries.forEach((entry) => read(entry.value, want.fields?.get(entry.key) ?? shape(), ctx));
    case 'unary':
      return read(ast.argument, shape(ast.operator === '!' ? 'boolean' : 'number'), ctx);
    case 'binary':
      return readOperands(ast.operator, ast.left, ast.right, ctx);
    case 'logical':
      // `a && b` tests a; `a || b` and `a ?? b` may give either, so both must do what is wanted.
      read(ast.left, ast.operator === '&&' ? shape('boolean') : want, ctx);
      return read(ast.right, want, ctx);
    case 'conditional':
      read(ast.test, shape('boolean'), ctx);
      read(ast.consequent, want, ctx);
      return read(ast.alternate, want, ctx);
    case 'call': {
      const wants = argumentShapes(ast.callee, ast.args, want);
      return ast.args.forEach((arg, i) => read(arg, wants[i] ?? shape(), ctx));
    }
  }
}

/** `a.b[0][i].c`: the root must hold the nested shape, whose innermost value must look like `want`. */
function readPath(ast: Ast, want: Shape, ctx: ReadContext): void {
  const keys: Ast[] = [];
  let root = ast;
  while (root.type === 'member') {
    keys.unshift(root.property);
    root = root.object;
  }
  const first = keys[0];
  const nodeId = root.type === 'identifier' && root.name === 'nodes' && isText(first) ? first.value : null;
  let inner = want;
  for (let i = keys.length - 1; i >= (nodeId === null ? 0 : 1); i--) inner = holding(keys[i]!, inner, ctx);
  if (nodeId !== null) return record(ctx.reads, nodeId, inner);
  if (root.type !== 'identifier') return read(root, inner, ctx);
  if (root.name !== 'item' || ctx.loop === null || ctx.crossed.includes(ctx.loop)) return;
  // A body's `item` is one of its loop's items: what it reads, the loop's list must hold.
  const loop = ctx.byId.get(ctx.loop);
  if (loop?.type !== 'for_each') return;
  const parts = parseTemplate(loop.config.items);
  const outer = { ...ctx, loop: loop.loop ?? null, crossed: [...ctx.crossed, loop.id] };
  if (parts.length === 1 && parts[0]!.kind === 'expression') read(parts[0]!.ast, listOf(inner), outer);
}

/** What a value must look like for `value[key]` to look like `inner`. */
function holding(key: Ast, inner: Shape, ctx: ReadContext): Shape {
  if (key.type === 'literal' && typeof key.value === 'number') {
    const index = key.value;
    return Number.isInteger(index) && index >= 0 && index < maxIndexed ? indexed(index, inner) : shape();
  }
  // `.length` is a list's or a text's length, whichever it is.
  if (isText(key)) return key.value === 'length' ? shape() : objectOf(key.value, inner);
  read(key, shape(), ctx);
  return staticType(key) === 'number' ? listOf(inner) : shape();
}

function isText(ast: Ast | undefined): ast is Ast & { type: 'literal'; value: string } {
  return ast?.type === 'literal' && typeof ast.value === 'string';
}

function readOperands(operator: string, left: Ast, right: Ast, ctx: ReadContext): void {
  const [l, r] = [staticType(left), staticType(right)];
  let leaf: [Leaf, Leaf];
  if (operator === '==' || operator === '!=') leaf = [r, l];
  else if (operator === '<' || operator === '<=' || operator === '>' || operator === '>=')
    leaf = l === 'string' || r === 'string' ? ['string', 'string'] : ['number', 'number'];
  else if (operator === '+')
    leaf =
      l === 'string' || r === 'string' || (l !== 'number' && r !== 'number') ? ['any', 'any'] : ['number', 'number'];
  else leaf = ['number', 'number'];
  read(left, shape(leaf[0]), ctx);
  read(right, shape(leaf[1]), ctx);
}

const returns: Record<string, Leaf> = {
  ...Object.fromEntries(
    ['length', 'count', 'sum', 'avg', 'round', 'floor', 'ceil', 'abs', 'number'].map((name) => [name, 'number']),
  ),
  ...Object.fromEntries(
    ['upper', 'lower', 'trim', 'replace', 'join', 'string', 'json', 'type', 'formatNumber'].map((n) => [n, 'string']),
  ),
  ...Object.fromEntries(['contains', 'startsWith', 'endsWith', 'boolean'].map((name) => [name, 'boolean'])),
};

/** What an expression gives, where that is plain from the text alone ('any' otherwise). */
function staticType(ast: Ast): Leaf {
  switch (ast.type) {
    case 'literal':
      return ast.value === null ? 'any' : (typeof ast.value as Leaf);
    case 'identifier':
      return ast.name === 'index' ? 'number' : 'any';
    case 'unary':
      return ast.operator === '!' ? 'boolean' : 'number';
    case 'binary':
      if (ast.operator !== '+') return ['-', '*', '/', '%'].includes(ast.operator) ? 'number' : 'boolean';
      if (staticType(ast.left) === 'string' || staticType(ast.right) === 'string') return 'string';
      return staticType(ast.left) === 'number' && staticType(ast.right) === 'number' ? 'number' : 'any';
    case 'call':
      return returns[ast.callee] ?? 'any';
    default:
      return 'any';
  }
}

/** What each argument of a built-in must look like for the call to give `want` (see `./expression/builtins-*.ts`). */
function argumentShapes(callee: string, args: readonly Ast[], want: Shape): Shape[] {
  const item = want.items ?? shape();
  const key = isText(args[1]) ? args[1].value : null;
  const keyed = (inner: Shape) => (key === null ? inner : merge(objectOf(key, inner), item));
  switch (callee) {
    case 'upper':
    case 'lower':
    case 'trim':
    case 'startsWith':
    case 'endsWith':
    case 'replace':
    case 'split':
      return args.map(() => shape('string'));
    case 'number':
    case 'round':
    case 'floor':
    case 'ceil':
    case 'abs':
    case 'formatNumber':
      return args.map(() => shape('number'));
    case 'boolean':
      return [shape('boolean')];
    case 'slice':
      return [want, shape('number'), shape('number')];
    case 'sum':
    case 'avg':
      return [listOf(shape('number'))];
    case 'first':
    case 'last':
    case 'min':
    case 'max':
      return [listOf(want)];
    case 'count':
    case 'join':
      return [listOf(shape()), shape('string')];
    case 'concat':
    case 'unique':
    case 'reverse':
      return args.map(() => listOf(item));
    case 'sort':
      return [listOf(key === null ? item : keyed(shape())), shape('string')];
    case 'where':
      return [listOf(key === null ? item : keyed(shape(args[2] ? staticType(args[2]) : 'any'))), shape('string')];
    case 'pluck':
      return [listOf(key === null ? shape() : objectOf(key, item)), shape('string')];
    case 'keys':
    case 'values':
      return [objectShape()];
    case 'parseJson':
      return [{ ...shape('string'), json: want }];
    case 'default':
      return [want, want];
    default:
      // length, contains, string, json, type: any value will do.
      return [];
  }
}
