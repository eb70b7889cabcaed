import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, posix } from 'node:path';
import ts from 'typescript';

// The repository's import graph, read with the TypeScript parser: every import, export-from,
// dynamic import() and import('…') type, with its line and whether it brings in types only.

/** One import as written in a source file. */
export interface ImportEdge {
  /** The importing file, relative to the repository root (`server/main.ts`). */
  file: string;
  line: number;
  specifier: string;
  /** The imported file relative to the root for a relative specifier; null for a package. */
  target: string | null;
  /** Erased by the compiler (`import type`, all-type named imports, `typeof import()`): no code is loaded. */
  typeOnly: boolean;
}

const sourceExtensions = ['.ts', '.tsx', '.mts', '.mjs'];
const skippedFolders = new Set(['node_modules', 'dist', '.git', '.data', '.tools', '.artifacts']);

/** Every TypeScript or ES module source under `folders`, relative to `root`, with its text. */
export function readSources(root: string, folders: readonly string[]): Map<string, string> {
  const sources = new Map<string, string>();
  const visit = (relative: string) => {
    for (const entry of readdirSync(join(root, relative), { withFileTypes: true })) {
      const path = posix.join(relative, entry.name);
      if (entry.isDirectory()) {
        if (!skippedFolders.has(entry.name)) visit(path);
      } else if (sourceExtensions.some((ext) => entry.name.endsWith(ext)) && !entry.name.endsWith('.d.ts')) {
        sources.set(path, readFileSync(join(root, path), 'utf8'));
      }
    }
  };
  for (const folder of folders) visit(folder);
  return sources;
}

/** The file a relative specifier names: the path itself, with an extension, or a folder's index. */
function resolveRelative(from: string, specifier: string, files: ReadonlySet<string>): string {
  const base = posix.normalize(posix.join(posix.dirname(from), specifier));
  const candidates = [
    base,
    ...sourceExtensions.map((ext) => base + ext),
    ...sourceExtensions.map((ext) => `${base}/index${ext}`),
  ];
  if (base.endsWith('.js')) candidates.push(`${base.slice(0, -3)}.ts`);
  return candidates.find((candidate) => files.has(candidate)) ?? base;
}

const allTypeOnly = (clause: ts.ImportClause | undefined): boolean => {
  if (!clause) return false; // `import './side-effect'` runs code
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return (
    clause.name === undefined &&
    bindings !== undefined &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every((e) => e.isTypeOnly)
  );
};

/** The imports of every file in `sources`. */
export function importGraph(sources: ReadonlyMap<string, string>): ImportEdge[] {
  const files = new Set(sources.keys());
  const edges: ImportEdge[] = [];
  for (const [file, text] of sources) {
    const source = ts.createSourceFile(
      file,
      text,
      ts.ScriptTarget.Latest,
      true,
      file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
    );
    const add = (node: ts.Node, literal: ts.Expression | undefined, typeOnly: boolean) => {
      if (!literal || !ts.isStringLiteralLike(literal)) return;
      const specifier = literal.text;
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      const target = specifier.startsWith('.') ? resolveRelative(file, specifier, files) : null;
      edges.push({ file, line, specifier, target, typeOnly });
    };
    const visit = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node)) add(node, node.moduleSpecifier, allTypeOnly(node.importClause));
      else if (ts.isExportDeclaration(node)) add(node, node.moduleSpecifier, node.isTypeOnly);
      else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node, node.argument.literal, true);
      else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword)
        add(node, node.arguments[0], false);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return edges;
}

/** A Node.js built-in module (`node:fs`, `fs`, `fs/promises`), which neither a browser nor Temporal's workflow sandbox has. */
export function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]!);
}

/** A package specifier's package name (`@temporalio/workflow/lib/x` → `@temporalio/workflow`). */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** The files whose code loads when `entry` does: `entry` and what it imports for values, transitively. */
export function loadedFrom(entry: string, edges: readonly ImportEdge[]): Set<string> {
  const byFile = new Map<string, ImportEdge[]>();
  for (const edge of edges) byFile.set(edge.file, [...(byFile.get(edge.file) ?? []), edge]);
  const loaded = new Set<string>();
  const pending = [entry];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (loaded.has(file)) continue;
    loaded.add(file);
    for (const edge of byFile.get(file) ?? []) if (edge.target && !edge.typeOnly) pending.push(edge.target);
  }
  return loaded;
}
