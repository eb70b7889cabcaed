import { childrenOf, type Ast } from './ast';
import { parseTemplate } from './template';

// Static analysis for the spec validator: which scope paths an expression reads, so it can check
// that `nodes.<id>` only names upstream nodes. Paths stop at the first key not written literally.

/**
 * Paths read from root names, e.g. `nodes.fetch.body[0]` gives `['nodes', 'fetch', 'body', '0']`;
 * a computed key ends the path and its own references are listed separately. Order of first appearance, without duplicates.
 */
export function expressionReferences(ast: Ast): string[][] {
  const paths: string[][] = [];
  const seen = new Set<string>();
  const add = (path: string[]): void => {
    const id = JSON.stringify(path);
    if (seen.has(id)) return;
    seen.add(id);
    paths.push(path);
  };
  const visit = (expr: Ast): void => {
    if (expr.type === 'member' || expr.type === 'identifier') {
      // Unwind the member chain down to its root: `a.b[c].d` gives root `a`, keys [b, c, d].
      const keys: Ast[] = [];
      let root: Ast = expr;
      while (root.type === 'member') {
        keys.unshift(root.property);
        root = root.object;
      }
      if (root.type !== 'identifier') {
        visit(root);
        keys.forEach(visit);
        return;
      }
      const path = [root.name];
      let i = 0;
      for (; i < keys.length; i++) {
        const key = keys[i]!;
        if (key.type !== 'literal' || (typeof key.value !== 'string' && typeof key.value !== 'number')) break;
        path.push(String(key.value));
      }
      add(path);
      for (; i < keys.length; i++) visit(keys[i]!);
      return;
    }
    if (expr.type === 'literal') return;
    childrenOf(expr).forEach(visit);
  };
  visit(ast);
  return paths;
}

/** `expressionReferences` over every expression in a template, without duplicates; throws ExpressionError on a bad template. */
export function templateReferences(text: string): string[][] {
  const paths: string[][] = [];
  const seen = new Set<string>();
  for (const part of parseTemplate(text)) {
    if (part.kind !== 'expression') continue;
    for (const path of expressionReferences(part.ast)) {
      const id = JSON.stringify(path);
      if (seen.has(id)) continue;
      seen.add(id);
      paths.push(path);
    }
  }
  return paths;
}
