import { assess } from "../lib/compat/assess";
import { loadParser } from "../lib/compat/parse";

/**
 * Migration assessment on a large input: a generated pg_dump-style schema dump of about 5 MB
 * (tables, sequences, defaults, keys, indexes, functions, triggers, views, comments, grants),
 * assessed in one call. The target is under 2 s. Run alone with `npx tsx bench/compat.ts`.
 */

const TARGET_BYTES = 5 * 1024 * 1024;

function table(i: number): string {
  const t = `public.t${i}`;
  return `--
-- Name: t${i}; Type: TABLE; Schema: public; Owner: app
--

CREATE TABLE ${t} (
    id integer NOT NULL,
    account_id bigint NOT NULL,
    name character varying(200) COLLATE pg_catalog."default",
    status text DEFAULT 'new'::text NOT NULL,
    amount numeric(12,2),
    tags text[],
    payload jsonb,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone
);

ALTER TABLE ${t} OWNER TO app;

COMMENT ON TABLE ${t} IS 'Entity ${i}: héllo wörld';

CREATE SEQUENCE public.t${i}_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.t${i}_id_seq OWNED BY ${t}.id;

ALTER TABLE ONLY ${t} ALTER COLUMN id SET DEFAULT nextval('public.t${i}_id_seq'::regclass);

ALTER TABLE ONLY ${t}
    ADD CONSTRAINT t${i}_pkey PRIMARY KEY (id);

CREATE INDEX t${i}_account_idx ON ${t} USING btree (account_id, created_at DESC);

CREATE UNIQUE INDEX t${i}_name_key ON ${t} USING btree (lower((name)::text));
${i > 0 ? `
ALTER TABLE ONLY ${t}
    ADD CONSTRAINT t${i}_parent_fkey FOREIGN KEY (account_id) REFERENCES public.t${i - 1}(id) ON DELETE CASCADE;
` : ""}${i % 10 === 0 ? `
CREATE FUNCTION public.touch_t${i}() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$$;

CREATE TRIGGER t${i}_touch BEFORE UPDATE ON ${t} FOR EACH ROW EXECUTE FUNCTION public.touch_t${i}();

CREATE VIEW public.v${i} AS
 SELECT id, name, amount FROM ${t} WHERE status = 'open'::text;
` : ""}
GRANT SELECT ON TABLE ${t} TO reporting;

`;
}

export function generateDump(bytes = TARGET_BYTES): string {
  const parts = ["SET statement_timeout = 0;\nSET client_encoding = 'UTF8';\nSELECT pg_catalog.set_config('search_path', '', false);\n\n"];
  let size = parts[0].length;
  for (let i = 0; size < bytes; i++) {
    const t = table(i);
    parts.push(t);
    size += Buffer.byteLength(t);
  }
  return parts.join("");
}

const RUNS = 5;

/**
 * The dump assessed RUNS times in one process: `coldMs` is the first assessment (the parser's
 * WebAssembly not yet optimised), `ms` the median of all runs, `cpuMs` the CPU time of the
 * first (on a shared machine wall time also measures the neighbours).
 */
export async function benchCompat(): Promise<Record<string, number>> {
  const sql = generateDump();
  const loadStart = performance.now();
  await loadParser();
  const loadMs = performance.now() - loadStart;
  const times: number[] = [];
  let cpuMs = 0;
  let report: Awaited<ReturnType<typeof assess>> | undefined;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    report = await assess([{ name: "dump.sql", sql }]);
    times.push(performance.now() - start);
    if (i === 0) {
      const cpu = process.cpuUsage(cpuStart);
      cpuMs = (cpu.user + cpu.system) / 1000;
    }
  }
  const sorted = [...times].sort((a, b) => a - b);
  return {
    bytes: Buffer.byteLength(sql),
    statements: report!.summary.statements,
    findings: report!.findings.length,
    parseErrors: report!.files[0].parseErrors.length,
    loadMs: Math.round(loadMs),
    coldMs: Math.round(times[0]),
    ms: Math.round(sorted[Math.floor(RUNS / 2)]),
    minMs: Math.round(sorted[0]),
    runs: RUNS,
    cpuMs: Math.round(cpuMs),
  };
}

async function main() {
  console.log(JSON.stringify(await benchCompat(), null, 2));
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
