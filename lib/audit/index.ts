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

export async function recordAudit(e: AuditEntry): Promise<void> {
  const line = { audit: true, at: new Date().toISOString(), user: e.user.name, role: e.user.role, action: e.action, target: e.target, params: e.params ?? {}, allowed: e.allowed, result: e.result, status: e.status, message: e.message };
  console.log(JSON.stringify(line));
  try {
    await inStore((db) =>
      db.query(
        "INSERT INTO audit_log (user_name, role, action, target, params, allowed, result, status, message) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)",
        [e.user.name, e.user.role, e.action, e.target, JSON.stringify(e.params ?? {}), e.allowed, e.result, e.status, e.message ?? null],
      ),
    );
  } catch (err) {
    // The log line above is the record of last resort; a store outage must not hide the mutation's result.
    console.error(JSON.stringify({ audit: false, error: "audit store write failed", message: (err as Error).message }));
  }
}

export async function listAudit(filter: { user?: string; action?: string; limit?: number } = {}): Promise<AuditRow[]> {
  return inStore((db) =>
    db.query<AuditRow>(
      `SELECT id, at, user_name, role, action, target, params, allowed, result, status, message FROM audit_log
       WHERE ($1::text IS NULL OR user_name = $1) AND ($2::text IS NULL OR action = $2)
       ORDER BY at DESC LIMIT $3`,
      [filter.user ?? null, filter.action ?? null, filter.limit ?? 200],
    ),
  );
}
