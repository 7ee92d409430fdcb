import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { inStore } from "../store";
import type { Loaded, RawSeries, SharedAnswers } from "./answer";

/**
 * The metrics engine's answers in the store, so that N instances and M tabs cost CloudWatch what
 * one tab does: the first instance to need an answer claims it (a lease in the row), loads it and
 * writes it; the others read it, or wait while the lease lasts. No instance is special: a lease
 * that runs out (its instance died) is claimed by the next one. Rows are keyed by a hash of the
 * engine's key (account, Region, aligned window, queries) and forgotten an hour after they expire.
 */

const INSTANCE = randomUUID();
const FORGET_AFTER_MS = 3_600_000;
const hashed = (key: string) => createHash("sha256").update(key).digest("base64url");

type Stored = { byKey: [string, RawSeries][]; messages: string[]; calls: number; queries: number; loadedAt: number };

export function storeAnswers(now: () => number = Date.now): SharedAnswers {
  let puts = 0;
  return {
    async get(key) {
      const [row] = await inStore((db) => db.query<{ answer: string }>("SELECT answer FROM metric_answers WHERE key = $1 AND expires_at > $2 AND answer IS NOT NULL", [hashed(key), now()]));
      if (!row) return undefined;
      const s = JSON.parse(row.answer) as Stored;
      return { byKey: new Map(s.byKey), messages: s.messages, calls: s.calls, queries: s.queries, loadedAt: s.loadedAt ?? now() };
    },
    async claim(key, leaseMs) {
      const t = now();
      // Taken when there is no row, or its answer has expired and no live lease holds it.
      const rows = await inStore((db) =>
        db.query(
          `INSERT INTO metric_answers (key, expires_at, lease_until, lease_owner) VALUES ($1, 0, $2, $3)
           ON CONFLICT (key) DO UPDATE SET lease_until = $2, lease_owner = $3, answer = NULL
           WHERE metric_answers.expires_at <= $4 AND metric_answers.lease_until <= $4
           RETURNING key`,
          [hashed(key), t + leaseMs, INSTANCE, t],
        ),
      );
      return rows.length === 1;
    },
    async put(key, loaded, ttlMs) {
      const stored: Stored = { byKey: [...loaded.byKey], messages: loaded.messages, calls: loaded.calls, queries: loaded.queries, loadedAt: loaded.loadedAt };
      const t = now();
      await inStore((db) => db.query("UPDATE metric_answers SET answer = $2, expires_at = $3, lease_until = 0 WHERE key = $1", [hashed(key), JSON.stringify(stored), loaded.loadedAt + ttlMs]));
      if (++puts % 100 === 0) await inStore((db) => db.query("DELETE FROM metric_answers WHERE expires_at < $1 AND lease_until < $1", [t - FORGET_AFTER_MS]));
    },
  };
}
