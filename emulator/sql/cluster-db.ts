import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
import type { Clock } from "../clock";
import { JobRunner } from "./jobs";
import { SessionLock } from "./lock";

/**
 * One emulated cluster's database: an embedded PGlite with DSQL's `sys` objects, the lock that
 * serialises its sessions, and its job runner. Creating PGlite from scratch runs initdb (about 5 s),
 * so every instance is loaded from a pre-initialised template (about 1.5 s), cached on disk
 * between runs; seeded clusters have their own template with their tables and rows.
 */

// The DSQL surface, all in DSQL's system schema `sys` (so it never looks like user data): sys.jobs
// with DSQL's columns over the table the runner writes,
// sys.wait_for_job as a function (the doc) and sys.emulator_wait_for_job as the procedure that
// `CALL sys.wait_for_job(...)` is routed to (community reports), and a helper that raises errors.
export const BASE_SCHEMA = `
CREATE SCHEMA sys;
CREATE TABLE sys.emulator_jobs (
  job_id text PRIMARY KEY,
  status text NOT NULL,
  details text,
  job_type text NOT NULL,
  class_id oid,
  object_id oid,
  object_name text,
  start_time timestamptz NOT NULL,
  update_time timestamptz NOT NULL
);
CREATE VIEW sys.jobs AS
  SELECT job_id, status, details, job_type, class_id, object_id, object_name, start_time, update_time FROM sys.emulator_jobs;
CREATE FUNCTION sys.wait_for_job(job_id text) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE s text;
BEGIN
  SELECT j.status INTO s FROM sys.emulator_jobs j WHERE j.job_id = wait_for_job.job_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'job "%" does not exist', wait_for_job.job_id USING ERRCODE = '42704';
  END IF;
  RETURN s = 'completed';
END $$;
CREATE PROCEDURE sys.emulator_wait_for_job(job_id text) LANGUAGE plpgsql AS $$
BEGIN
  PERFORM sys.wait_for_job(job_id);
END $$;
CREATE FUNCTION sys.emulator_raise(code text, message text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = code, MESSAGE = message;
END $$;
CREATE FUNCTION sys.dsql_major_version() RETURNS integer LANGUAGE sql AS 'SELECT 1';
`;

const cacheDir = path.join(tmpdir(), "dsql-ops-emulator");
const templates = new Map<string, Promise<Blob>>();

/** A data folder with the base schema plus `setup` (a seed's tables and rows), dumped for reuse. */
async function buildTemplate(file: string, setup: string[]): Promise<Blob> {
  const db = setup.length ? await PGlite.create({ loadDataDir: await template([]) }) : await PGlite.create();
  if (!setup.length) await db.exec(BASE_SCHEMA);
  for (const sql of setup) await db.exec(sql);
  if (setup.length) await db.exec("ANALYZE");
  const dump = await db.dumpDataDir("gzip");
  await db.close();
  // Written aside then renamed, so a concurrent test run never reads half a file.
  const tmp = `${file}.${process.pid}.tmp`;
  await mkdir(cacheDir, { recursive: true });
  await writeFile(tmp, Buffer.from(await dump.arrayBuffer()));
  await rename(tmp, file);
  return dump;
}

/** The template for a setup, from memory, the disk cache, or built (initdb takes about 5 s). */
function template(setup: string[], rebuild = false): Promise<Blob> {
  const key = createHash("sha256").update(BASE_SCHEMA).update(JSON.stringify(setup)).digest("hex").slice(0, 16);
  let t = templates.get(key);
  if (!t || rebuild) {
    const file = path.join(cacheDir, `pglite-${key}.tar.gz`);
    t = (rebuild ? Promise.reject(new Error("rebuild")) : readFile(file).then((b) => new Blob([b]))).catch(() => buildTemplate(file, setup));
    t.catch(() => templates.delete(key));
    templates.set(key, t);
  }
  return t;
}

let artifacts: Promise<Pick<PGliteOptions, "pgliteWasmModule" | "initdbWasmModule" | "fsBundle" | "startParams">> | undefined;

/**
 * What every cluster's PGlite starts from: the WebAssembly and file-system bundle, compiled and
 * read once instead of once per cluster, and smaller shared buffers.
 */
function sharedArtifacts() {
  artifacts ??= (async () => {
    const dist = path.dirname(createRequire(__filename).resolve("@electric-sql/pglite"));
    const [pglite, initdb, bundle] = await Promise.all(["pglite.wasm", "initdb.wasm", "pglite.data"].map((f) => readFile(path.join(dist, f))));
    const [pgliteWasmModule, initdbWasmModule] = await Promise.all([WebAssembly.compile(pglite), WebAssembly.compile(initdb)]);
    // PostgreSQL's default 128 MB of shared buffers fills up per cluster as tables are read; the
    // emulated databases are small, and 16 MB keeps an opened cluster near 100 MB instead of 250.
    const startParams = [...PGlite.defaultStartParams, "-c", "shared_buffers=16MB"];
    return { pgliteWasmModule, initdbWasmModule, fsBundle: new Blob([bundle]), startParams };
  })();
  return artifacts;
}

export class ClusterDb {
  readonly lock = new SessionLock();
  readonly runner: JobRunner;

  private constructor(
    private readonly pg: PGlite,
    clock: Clock,
  ) {
    this.runner = new JobRunner(this, this.lock, clock);
  }

  /** A database with the base schema and `setup` applied (tables and rows of a seed, ANALYZEd). */
  static async open(clock: Clock, setup: string[] = []): Promise<ClusterDb> {
    let pg: PGlite;
    try {
      pg = await PGlite.create({ ...(await sharedArtifacts()), loadDataDir: await template(setup) });
    } catch {
      // A cached template from another PGlite version: make fresh ones.
      if (setup.length) await template([], true);
      pg = await PGlite.create({ ...(await sharedArtifacts()), loadDataDir: await template(setup, true) });
    }
    return new ClusterDb(pg, clock);
  }

  /** A database from a dump of another (a restored copy). */
  static async load(clock: Clock, dump: Blob): Promise<ClusterDb> {
    return new ClusterDb(await PGlite.create({ ...(await sharedArtifacts()), loadDataDir: dump }), clock);
  }

  /** The whole data folder, gzipped (what `load` takes). */
  async dump(): Promise<Blob> {
    return this.pg.dumpDataDir("gzip");
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pg.query<T>(sql, params)).rows;
  }

  async exec(sql: string): Promise<void> {
    await this.pg.exec(sql);
  }

  /** Hands one frontend protocol message to the backend and returns its raw answer. */
  execProtocol(message: Uint8Array): Promise<Uint8Array> {
    return this.pg.execProtocolRaw(message);
  }

  inTransaction(): boolean {
    return this.pg.isInTransaction();
  }

  async close(): Promise<void> {
    this.runner.close();
    await this.pg.close();
  }
}
