import "server-only";
import { config } from "../aws/config";
import { clusterPath } from "../aws/scope";
import { publishToTopic } from "../metrics/topics";
import { inStore } from "../store";
import type { TriageReport } from "./index";
import type { SignalKind } from "./signals";

/**
 * Alerts out of dsql-ops itself: the triage signals no CloudWatch alarm can express (a stale last
 * good backup, a failed index build left INVALID, a failed or stuck restore, a budget forecast
 * over or over) sent to a webhook (Slack-compatible JSON) and/or an SNS topic when they appear
 * and when they clear, a signal at most once per DSQL_OPS_ALERT_INTERVAL_S.
 *
 * Several instances run the same check each minute; the store decides who sends: a notice goes
 * out from the instance whose statement moved the signal's row (an INSERT that found no row, an
 * UPDATE whose WHERE still held), so it is sent once. A notice that cannot be delivered puts the
 * row back, and the next check tries again.
 */

/** The signal kinds that are alerts here: CloudWatch alarms cover the metric ones. */
export const ALERT_KINDS: ReadonlySet<SignalKind> = new Set<SignalKind>(["backupStale", "indexJob", "restoreFailed", "restoreStuck", "drillFailed", "drillOverdue", "drillLeftover"]);

export interface AlertSignal {
  /** Stable across checks: what the signal is about. */
  key: string;
  title: string;
  /** Where to look, as a dashboard path. */
  path: string;
}

export interface Notice {
  change: "appeared" | "cleared";
  signal: AlertSignal;
  at: number;
}

/** The alertable signals of a triage report. */
export function alertSignals(report: Pick<TriageReport, "attention" | "budgets">): AlertSignal[] {
  const out: AlertSignal[] = [];
  for (const c of report.attention) {
    for (const s of c.signals) {
      if (!ALERT_KINDS.has(s.kind)) continue;
      out.push({ key: `${c.account}/${c.region}/${c.identifier}/${s.kind}`, title: `${c.name} (${c.region}, ${c.accountName}): ${s.title}`, path: clusterPath(c) });
    }
  }
  for (const b of report.budgets)
    out.push({
      key: `budget/${b.label}/${b.state}`,
      title: `Budget ${b.label}: ${b.state === "over" ? "over" : "forecast over"} ($${Math.round(b.actualUsd)} of $${Math.round(b.budget.monthlyUsd)} so far)`,
      path: "/cost",
    });
  return out;
}

type Row = { key: string; state: "open" | "cleared"; title: string; sent_at: number | string };

/**
 * Sends the notices of what changed since the last check (by any instance): new signals, signals
 * back after the interval, signals gone. Returns the notices this instance sent.
 */
export async function deliverTransitions(current: AlertSignal[], opts: { nowMs: number; intervalMs: number; send: (n: Notice) => Promise<void> }): Promise<Notice[]> {
  const { nowMs, intervalMs, send } = opts;
  const rows = await inStore((db) => db.query<Row>("SELECT key, state, title, sent_at FROM alert_state"));
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const sent: Notice[] = [];
  const claimAndSend = async (n: Notice, claim: string, params: unknown[], undo: string, undoParams: unknown[]) => {
    const won = await inStore((db) => db.query(claim, params));
    if (!won.length) return;
    try {
      await send(n);
      sent.push(n);
    } catch {
      // Not delivered: put the row back so that the next check tries again.
      await inStore((db) => db.query(undo, undoParams)).catch(() => undefined);
    }
  };
  for (const s of current) {
    const row = byKey.get(s.key);
    const notice: Notice = { change: "appeared", signal: s, at: nowMs };
    if (!row) {
      await claimAndSend(
        notice,
        "INSERT INTO alert_state (key, state, title, changed_at, sent_at) VALUES ($1, 'open', $2, $3, $3) ON CONFLICT (key) DO NOTHING RETURNING key",
        [s.key, s.title, nowMs],
        "DELETE FROM alert_state WHERE key = $1 AND sent_at = $2",
        [s.key, nowMs],
      );
    } else if (row.state === "cleared" && Number(row.sent_at) + intervalMs <= nowMs) {
      await claimAndSend(
        notice,
        "UPDATE alert_state SET state = 'open', title = $2, changed_at = $3, sent_at = $3 WHERE key = $1 AND state = 'cleared' AND sent_at = $4 RETURNING key",
        [s.key, s.title, nowMs, row.sent_at],
        "UPDATE alert_state SET state = 'cleared', sent_at = $2 WHERE key = $1 AND sent_at = $3",
        [s.key, row.sent_at, nowMs],
      );
    }
  }
  const now = new Set(current.map((s) => s.key));
  for (const row of rows) {
    if (row.state !== "open" || now.has(row.key)) continue;
    await claimAndSend(
      { change: "cleared", signal: { key: row.key, title: row.title, path: "/triage" }, at: nowMs },
      "UPDATE alert_state SET state = 'cleared', changed_at = $2, sent_at = $2 WHERE key = $1 AND state = 'open' AND sent_at = $3 RETURNING key",
      [row.key, nowMs, row.sent_at],
      "UPDATE alert_state SET state = 'open', sent_at = $2 WHERE key = $1 AND sent_at = $3",
      [row.key, row.sent_at, nowMs],
    );
  }
  return sent;
}

/** The notice as a webhook body: Slack's incoming-webhook JSON (`text`, with a link). */
export function webhookBody(n: Notice, baseUrl = ""): { text: string } {
  const verb = n.change === "appeared" ? ":rotating_light: *Needs attention*" : ":white_check_mark: *Cleared*";
  return { text: `${verb}: ${n.signal.title}${baseUrl ? ` <${baseUrl}${n.signal.path}|open in dsql-ops>` : ""}` };
}

const WEBHOOK_TIMEOUT_MS = 10_000;

/** Sends a notice to the configured webhook and SNS topic; throws when one of them refuses it. */
export async function sendNotice(n: Notice): Promise<void> {
  const { webhookUrl, topicArn } = config().alerts;
  if (webhookUrl) {
    const r = await fetch(webhookUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(webhookBody(n)), signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS) });
    if (!r.ok) throw new Error(`the webhook answered ${r.status}`);
  }
  if (topicArn) await publishToTopic(topicArn, `dsql-ops: ${n.change === "appeared" ? "needs attention" : "cleared"}`, `${n.change === "appeared" ? "Needs attention" : "Cleared"}: ${n.signal.title}`);
}

/** One check: triage the fleet and send what changed. Off without a destination. */
export async function checkAlerts(nowMs = Date.now()): Promise<Notice[]> {
  const { webhookUrl, topicArn, intervalS } = config().alerts;
  if (!webhookUrl && !topicArn) return [];
  const { triageFleet } = await import("./index");
  return deliverTransitions(alertSignals(await triageFleet({ nowMs })), { nowMs, intervalMs: intervalS * 1000, send: sendNotice });
}
