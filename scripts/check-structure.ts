/**
 * Structure checks that `npm run lint` runs after ESLint:
 * - no import cycles between the project's modules, type-only imports included (ESLint's
 *   import/no-cycle skips those, and a type cycle still ties two modules into one);
 * - no source file over MAX_LINES lines unless its first comment says why it must be one piece
 *   (a comment containing "one piece").
 * Prints each problem with its files and exits 1 if there is any.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const MAX_LINES = 400;
const SOURCE = /\.(ts|tsx|mjs)$/;
const SKIP_DIRS = new Set(["node_modules", ".git", "test-results", "playwright-report", "public", "docs"]);
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (SKIP_DIRS.has(name) || name.startsWith(".next") || name.startsWith(".dsql-ops-data") || name.startsWith(".data")) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) sourceFiles(full, out);
    else if (SOURCE.test(name) && !name.endsWith(".d.ts")) out.push(full);
  }
  return out;
}

function resolveImport(from: string, spec: string): string | undefined {
  let base: string;
  if (spec.startsWith("@/")) base = path.join(ROOT, spec.slice(2));
  else if (spec.startsWith(".")) base = path.resolve(path.dirname(from), spec);
  else return undefined;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}.mjs`, path.join(base, "index.ts"), path.join(base, "index.tsx")]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

export function importsOf(file: string, text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(IMPORT)) {
    const target = resolveImport(file, m[1] ?? m[2]);
    if (target) found.add(target);
  }
  return [...found];
}

/** Every cycle in the graph, each reported once (Tarjan's strongly connected components). */
export function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    indexOf.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indexOf.has(v)) visit(v);
  return out;
}

/** The first comment of a file: its first block comment or run of line comments. */
export function firstComment(text: string): string {
  return /\/\*[\s\S]*?\*\/|(?:\/\/[^\n]*\n\s*)+/.exec(text)?.[0] ?? "";
}

function main() {
  const files = sourceFiles(ROOT);
  const graph = new Map<string, string[]>();
  const problems: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    graph.set(file, importsOf(file, text));
    const lines = text.trimEnd().split("\n").length;
    if (lines > MAX_LINES && !/one piece/i.test(firstComment(text))) {
      problems.push(`${path.relative(ROOT, file)}: ${lines} lines (over ${MAX_LINES}); split it, or say in its first comment why it must be one piece`);
    }
  }
  for (const cycle of cycles(graph)) {
    problems.push(`import cycle: ${cycle.map((f) => path.relative(ROOT, f)).join(" <-> ")}`);
  }
  for (const p of problems) console.error(p);
  if (problems.length) process.exit(1);
  console.log(`structure: ${files.length} source files, no import cycle, none over ${MAX_LINES} lines without a reason`);
}

if (process.argv[1] && import.meta.filename === path.resolve(process.argv[1])) main();
