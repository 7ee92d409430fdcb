import "server-only";
import { z } from "zod";
import { inStore } from "../store";
import type { User } from "../auth";

/** Every mutation, allowed or refused, goes to the store and to the server log as one JSON line. */

export interface AuditEntry {
  user: User;
  action: string;
  target: string;
  /** Parameters without secrets. */
  params?: Record<string, unknown>;
  allowed: boolean;
  result: "ok" | "refused" | "failed";
  status: number;
  message?: string;
}

export interface AuditRow {
  id: string;
  at: Date;
  user_name: string;
  role: string;
  action: string;
  target: string;
  params: Record<string, unknown> | null;
  allowed: boolean;
  result: string;
  status: number;
  message: string | null;
}

const SECRET_KEY = /secret|token|password|passwd|passphrase|credential|authorization|cookie|session|private.?key|api.?key|access.?key/i;
const SIGNED = /X-Amz-(Signature|Credential|Security-Token)/i;

/**
 * Parameters fit for the audit log: values under secret-sounding keys and anything that looks
 * like a presigned AWS token are replaced, long strings cut, deep or wide structures bounded.
 */
export function redact(v: unknown, depth = 0): unknown {
  if (typeof v === "string") return SIGNED.test(v) ? "[redacted]" : storable(v.length > 500 ? `${v.slice(0, 500)}…` : v);
  if (v === null || typeof v !== "object") return typeof v === "function" || typeof v === "symbol" ? undefined : v;
  if (depth >= 5) return "[…]";
  if (Array.isArray(v)) return v.slice(0, 50).map((x) => redact(x, depth + 1));
  return Object.fromEntries(
    Object.entries(v)
      .slice(0, 50)
      .map(([k, x]) => [k, SECRET_KEY.test(k) ? "[redacted]" : redact(x, depth + 1)]),
  );
}

/** PostgreSQL text (and jsonb) cannot hold NUL: the log shows it as U+FFFD rather than lose the entry. */
const storable = (s: string) => (s.includes("\0") ? s.replace(/\0/g, "\uFFFD") : s);

let lastAtMs = 0;

/**
 * The entry's time, in milliseconds and strictly increasing within this process: the page orders
 * and pages by it, and the database clock (a WASM clock for the embedded store) can hand several
 * entries of a burst the same instant.
 */
function auditTime(): Date {
  lastAtMs = Math.max(Date.now(), lastAtMs + 1);
  return new Date(lastAtMs);
}

export async function recordAudit(entry: AuditEntry): Promise<void> {
  const e = { ...entry, params: entry.params && (redact(entry.params) as Record<string, unknown>) };
  const at = auditTime();
  const line = { audit: true, at: at.toISOString(), user: e.user.name, role: e.user.role, action: e.action, target: e.target, params: e.params ?? {}, allowed: e.allowed, result: e.result, status: e.status, message: e.message };
  console.log(JSON.stringify(line));
  try {
    await inStore((db) =>
      db.query(
        "INSERT INTO audit_log (at, user_name, role, action, target, params, allowed, result, status, message) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)",
        [at.toISOString(), storable(e.user.name), e.user.role, e.action, storable(e.target), JSON.stringify(e.params ?? {}), e.allowed, e.result, e.status, e.message === undefined ? null : storable(e.message)],
      ),
    );
  } catch (err) {
    // The log line above is the record of last resort; a store outage must not hide the mutation's result.
    console.error(JSON.stringify({ audit: false, error: "audit store write failed", message: (err as Error).message }));
  }
}

export interface AuditFilter {
  user?: string;
  action?: string;
  /** Only entries strictly older than this (the next page). */
  before?: Date;
  limit?: number;
}

const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((v) => !v.includes("\0"), "must not contain NUL characters")
    .optional()
    .transform((v) => v?.trim() || undefined);

/** The Audit page's and API's filters, as they appear in the URL. An empty value means "all". */
export const auditQuerySchema = z.object({
  user: optionalText(256),
  action: optionalText(100),
  before: z.iso
    .datetime({ offset: true })
    .optional()
    .transform((v) => (v ? new Date(v) : undefined)),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

/** Newest first. */
export async function listAudit(filter: AuditFilter = {}): Promise<AuditRow[]> {
  return inStore((db) =>
    db.query<AuditRow>(
      `SELECT id, at, user_name, role, action, target, params, allowed, result, status, message FROM audit_log
       WHERE ($1::text IS NULL OR user_name = $1) AND ($2::text IS NULL OR action = $2) AND ($3::timestamptz IS NULL OR at < $3)
       ORDER BY at DESC, id DESC LIMIT $4`,
      [filter.user ?? null, filter.action ?? null, filter.before?.toISOString() ?? null, Math.min(Math.max(filter.limit ?? 100, 1), 500)],
    ),
  );
}

/** The users and actions seen, for the filters. */
export async function auditFacets(): Promise<{ users: string[]; actions: string[] }> {
  return inStore(async (db) => ({
    users: (await db.query<{ v: string }>("SELECT DISTINCT user_name AS v FROM audit_log ORDER BY v LIMIT 500")).map((r) => r.v),
    actions: (await db.query<{ v: string }>("SELECT DISTINCT action AS v FROM audit_log ORDER BY v LIMIT 500")).map((r) => r.v),
  }));
}
