import "server-only";
import { randomUUID } from "node:crypto";
import { inStore } from ".";

/**
 * A named lease in the store: periodic work that one of the dashboard's instances does for all of
 * them (the alerts check reads the whole fleet; once a minute is enough, not once per instance).
 */

/** This process, as a lease holder. */
const SELF = randomUUID();

/** Takes the lease for `ms` if nobody holds it (or this instance does); true when taken. */
export async function claimLease(name: string, ms: number, nowMs = Date.now(), holder: string = SELF): Promise<boolean> {
  const rows = await inStore((db) =>
    db.query(
      `INSERT INTO leases (name, holder, until_ms) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, until_ms = EXCLUDED.until_ms
       WHERE leases.until_ms <= $4 OR leases.holder = EXCLUDED.holder
       RETURNING name`,
      [name, holder, nowMs + ms, nowMs],
    ),
  );
  return rows.length > 0;
}
