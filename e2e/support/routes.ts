import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** The app's routes, read from the filesystem so suites cover routes added later. */

export const root = path.resolve(__dirname, "..", "..");

export interface Discovered {
  file: string;
  /** Path segments; dynamic ones as { name } (catch-alls flagged). */
  segments: (string | { name: string; catchAll: boolean })[];
  methods: string[];
  /** Route handlers wrapped as mutations check the Origin and the role first. */
  mutation: boolean;
}

export function discover(dir: string, file: "route.ts" | "page.tsx"): Discovered[] {
  const out: Discovered[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === file) {
        const rel = path.relative(path.join(root, "app"), path.dirname(p));
        const segments = rel
          .split(path.sep)
          .filter((s) => s && !/^\(.*\)$/.test(s)) // route groups do not appear in URLs
          .map((s) => {
            const m = /^\[(\[)?(\.\.\.)?(\w+)\]?\]$/.exec(s);
            return m ? { name: m[3], catchAll: !!m[2] } : s;
          });
        const src = readFileSync(p, "utf8");
        const methods = file === "page.tsx" ? ["GET"] : [...src.matchAll(/export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]);
        out.push({ file: path.relative(root, p), segments, methods: [...new Set(methods)], mutation: /\bmutation\s*:/.test(src) });
      }
    }
  };
  walk(dir);
  return out;
}

type Segment = Discovered["segments"][number];
export const dynamicNames = (r: Discovered) => r.segments.filter((s): s is Exclude<Segment, string> => typeof s !== "string").map((s) => s.name);
export const build = (r: Discovered, values: Record<string, string>) => "/" + r.segments.map((s) => (typeof s === "string" ? s : values[s.name])).join("/");

export const apiRoutes = () => discover(path.join(root, "app", "api"), "route.ts");
