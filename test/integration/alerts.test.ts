import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emulatorForLib } from "./emulator";

/** Alerts out of dsql-ops: each triage signal delivered once to a webhook (and SNS) when it appears and when it clears, whatever the number of instances. */

const emulator = emulatorForLib("alerts");
const received: { text: string }[] = [];
let failNext = 0;
let receiver: Server;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      if (failNext > 0) {
        failNext--;
        res.writeHead(500).end();
        return;
      }
      received.push(JSON.parse(body) as { text: string });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  // Read by lib/ on its first configuration read, after the emulator's own settings.
  process.env.DSQL_OPS_ALERT_WEBHOOK_URL = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  process.env.DSQL_OPS_ALERT_TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:dsql-ops-oncall";
});
afterAll(async () => {
  await new Promise<void>((r) => receiver.close(() => r()));
  // The triage check opened SQL connections to the emulated clusters: close them before the emulator goes.
  for (const close of (globalThis as Record<symbol, Set<() => Promise<void> | void> | undefined>)[Symbol.for("dsql-ops.shutdown.closers")] ?? []) await close();
});

const signal = { key: "123456789012/eu-west-1/x/backupStale", title: "reporting-eu: Last good backup 3 d ago", path: "/clusters/123456789012/eu-west-1/x" };

describe("alerts out of dsql-ops", () => {
  it("sends a signal once from two instances when it appears, once when it clears, and not again within the interval", async () => {
    const { deliverTransitions, sendNotice } = await import("@/lib/triage/alerts");
    const HOUR = 3_600_000;
    const t0 = Date.UTC(2026, 11, 4, 9, 0, 0);
    const twoInstances = (current: (typeof signal)[], nowMs: number) => Promise.all([0, 1].map(() => deliverTransitions(current, { nowMs, intervalMs: HOUR, send: sendNotice })));
    received.length = 0;

    const appeared = await twoInstances([signal], t0);
    expect(appeared.flat()).toHaveLength(1);
    expect(received.map((r) => r.text)).toEqual([":rotating_light: *Needs attention*: reporting-eu: Last good backup 3 d ago"]);
    expect((await twoInstances([signal], t0 + 60_000)).flat()).toHaveLength(0);

    const cleared = await twoInstances([], t0 + 120_000);
    expect(cleared.flat().map((n) => n.change)).toEqual(["cleared"]);
    expect(received.at(-1)!.text).toBe(":white_check_mark: *Cleared*: reporting-eu: Last good backup 3 d ago");
    // Back within the hour: not announced again; after the hour, once more.
    expect((await twoInstances([signal], t0 + 30 * 60_000)).flat()).toHaveLength(0);
    expect((await twoInstances([signal], t0 + 2 * HOUR + 120_000)).flat().map((n) => n.change)).toEqual(["appeared"]);
    expect(received).toHaveLength(3);
    // The SNS topic got the same notices.
    expect(
      emulator()
        .sns.published.filter((m) => m.message.includes("Last good backup 3 d ago"))
        .map((m) => m.subject),
    ).toEqual(["dsql-ops: needs attention", "dsql-ops: cleared", "dsql-ops: needs attention"]);
  });

  it("tries a notice again at the next check when the webhook refused it", async () => {
    const { deliverTransitions, sendNotice } = await import("@/lib/triage/alerts");
    const other = { ...signal, key: "budget/team = data/over", title: "Budget team = data: over" };
    const t = Date.UTC(2026, 11, 5, 9, 0, 0);
    received.length = 0;
    failNext = 1;
    // The first test's signal is still open: it stays out of this.
    expect(await deliverTransitions([signal, other], { nowMs: t, intervalMs: 3_600_000, send: sendNotice })).toHaveLength(0);
    expect(await deliverTransitions([signal, other], { nowMs: t + 60_000, intervalMs: 3_600_000, send: sendNotice })).toHaveLength(1);
    expect(received.map((r) => r.text)).toEqual([":rotating_light: *Needs attention*: Budget team = data: over"]);
  });

  it("checks the seeded fleet: the stale backup of reporting-eu is sent, and only once", async () => {
    const { checkAlerts } = await import("@/lib/triage/alerts");
    received.length = 0;
    const first = await checkAlerts();
    expect(first.map((n) => n.signal.title)).toContainEqual(expect.stringMatching(/^reporting-eu \(eu-west-1, staging\): Last good backup/));
    expect(received.some((r) => r.text.includes("reporting-eu (eu-west-1, staging)"))).toBe(true);
    const again = await checkAlerts();
    expect(again.filter((n) => n.change === "appeared" && n.signal.title.startsWith("reporting-eu"))).toHaveLength(0);
  });
});
