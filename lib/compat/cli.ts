import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { assess, type SqlFile } from "./assess";
import { toJson, toSarif, toText } from "./report";

/**
 * `dsql-ops assess <files or folders...> [--format text|json|sarif]` for CI pipelines.
 * Exit codes: 0 no error finding, 1 at least one error finding (syntax errors included),
 * 2 usage error or a file that cannot be read.
 */

const FORMATS = ["text", "json", "sarif"] as const;
type Format = (typeof FORMATS)[number];

const USAGE = `Usage: dsql-ops assess <file.sql|folder>... [--format text|json|sarif]

Checks PostgreSQL schema and migration files against what Aurora DSQL supports.
Folders are searched for .sql files, taken in name order. Nothing is executed.

Exit codes: 0 no error findings, 1 error findings, 2 usage error or unreadable file.
`;

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIO: CliIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

class UsageError extends Error {}

function parseArgs(argv: string[]): { paths: string[]; format: Format } | "help" {
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h" || command === "help") return "help";
  if (command !== "assess") throw new UsageError(command ? `Unknown command "${command}".` : "No command given.");
  let format: Format = "text";
  const paths: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === "--help" || arg === "-h") return "help";
    let value: string | undefined;
    if (arg === "--format" || arg === "-f") value = rest[++i];
    else if (arg.startsWith("--format=")) value = arg.slice("--format=".length);
    else if (arg.startsWith("-") && arg !== "-") throw new UsageError(`Unknown option "${arg}".`);
    else {
      paths.push(arg);
      continue;
    }
    if (!FORMATS.includes(value as Format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}${value ? ` (got "${value}")` : ""}.`);
    format = value as Format;
  }
  if (paths.length === 0) throw new UsageError("No files given.");
  return { paths, format };
}

async function sqlFilesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await sqlFilesIn(p)));
    else if (e.isFile() && e.name.toLowerCase().endsWith(".sql")) out.push(p);
  }
  return out;
}

async function readInputs(paths: string[]): Promise<SqlFile[]> {
  const files: SqlFile[] = [];
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = (await stat(p)).isDirectory();
    } catch (err) {
      throw new UsageError(`Cannot read ${p}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or folder" : (err as Error).message}`);
    }
    const names = isDir ? await sqlFilesIn(p) : [p];
    if (isDir && names.length === 0) throw new UsageError(`No .sql files in ${p}.`);
    for (const name of names) {
      try {
        files.push({ name: name.split(path.sep).join("/"), sql: await readFile(name, "utf8") });
      } catch (err) {
        throw new UsageError(`Cannot read ${name}: ${(err as Error).message}`);
      }
    }
  }
  return files;
}

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args === "help") {
      io.stdout(USAGE);
      return 0;
    }
    const report = await assess(await readInputs(args.paths));
    if (args.format === "json") io.stdout(toJson(report));
    else if (args.format === "sarif") io.stdout(JSON.stringify(toSarif(report), null, 2) + "\n");
    else io.stdout(toText(report));
    return report.summary.error > 0 ? 1 : 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`dsql-ops: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    io.stderr(`dsql-ops: ${(err as Error).stack ?? String(err)}\n`);
    return 2;
  }
}
