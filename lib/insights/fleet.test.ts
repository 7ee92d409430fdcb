import { describe, expect, it } from "vitest";
import type { Cluster, RegionClusters } from "../dsql/clusters";
import type { PromqlClient, PromRequest } from "../metrics/promql";
import { loadFleetInsights, MAX_SERIES } from "./fleet";
import { AAS_METRIC, LABEL } from "./model";

/**
 * The fleet loader's planning against a fake CloudWatch that holds 4 wait events per cluster and
 * cuts answers at 500 series, as QueryMetrics does: a Region of 300 clusters (1,200 series) needs
 * its range query split into groups of clusters; the group size found is reused next refresh.
 */
const WAITS = ["OnCpu", "Commit", "ClientRead", "ScatteredBatchRead"];
const M = 60_000;
const END = 1_800_000_000_000;

function fakeCloudWatch(clusterIds: string[]) {
  const asked: PromRequest[] = [];
  const client: PromqlClient = {
    async query(_scope, req) {
      asked.push(req);
      const filter = /=~"([^"]+)"/.exec(req.query)?.[1]?.split("|");
      const ids = filter ?? clusterIds;
      const isRange = req.stepMs !== undefined;
      const all = ids.flatMap((id) =>
        WAITS.map((wait) => ({
          labels: { __name__: AAS_METRIC, [LABEL.cluster]: id, [LABEL.wait]: wait, ...(isRange ? {} : { [LABEL.statement]: `SELECT ${id}`, [LABEL.app]: "app", [LABEL.role]: "role" }) },
          points: isRange ? [[END - M, wait === "ClientRead" && id === "c000" ? 2 : 1] as [number, number]] : [[END, 1] as [number, number]],
        })),
      );
      const cut = all.length > MAX_SERIES;
      return { series: all.slice(0, MAX_SERIES), warnings: cut ? [`results truncated: ${all.length} series matched, limit is ${MAX_SERIES}`] : [], called: true };
    },
  };
  return { client, asked };
}

// Each test its own account: the loader remembers group sizes per account and Region.
const fleetOf = (n: number, account: string): RegionClusters[] => [
  {
    account,
    region: "us-east-1",
    accountName: "prod",
    clusters: Array.from({ length: n }, (_, i) => ({ identifier: `c${String(i).padStart(3, "0")}`, name: `name-c${String(i).padStart(3, "0")}`, account, region: "us-east-1" }) as Cluster),
  },
];

describe("fleet insights planning", () => {
  it("asks one range query and three instant queries for a Region whose series fit one answer", async () => {
    const fleet = fleetOf(100, "111122223333");
    const { client, asked } = fakeCloudWatch(fleet[0].clusters.map((c) => c.identifier));
    const fi = await loadFleetInsights(fleet, { startMs: END - 3_600_000, endMs: END }, client);
    expect(asked.filter((r) => r.stepMs !== undefined)).toHaveLength(1);
    expect(asked.filter((r) => r.stepMs === undefined)).toHaveLength(3);
    expect(fi.calls).toBe(4);
    expect(fi.minimumCalls).toBe(4);
    expect(fi.clusters).toHaveLength(100);
    expect(fi.clusters[0]).toMatchObject({ identifier: "c000", name: "name-c000" });
    expect(fi.clusters[0].idleInTx).toBeGreaterThan(fi.clusters[1].idleInTx);
    expect(fi.top.statement[0].where).toMatch(/^name-c\d{3} in us-east-1$/);
  });

  it("splits a Region with more (cluster, wait) series than one answer holds, and plans the split from the start next time", async () => {
    const fleet = fleetOf(300, "444455556666");
    const { client, asked } = fakeCloudWatch(fleet[0].clusters.map((c) => c.identifier));
    const first = await loadFleetInsights(fleet, { startMs: END - 3_600_000, endMs: END }, client);
    // Every cluster is there, none from a cut answer; 1,200 series need at least 3 range answers.
    expect(first.clusters).toHaveLength(300);
    expect(first.clusters.every((c) => Object.keys(c.waits).length === WAITS.length)).toBe(true);
    expect(first.minimumCalls).toBe(3 + 3);
    expect(first.calls).toBeGreaterThan(first.minimumCalls); // the first answer was cut and asked again in parts
    asked.length = 0;
    const next = await loadFleetInsights(fleet, { startMs: END - 7_200_000, endMs: END }, client);
    expect(next.clusters).toHaveLength(300);
    expect(asked.filter((r) => r.stepMs !== undefined).every((r) => r.query.includes("=~"))).toBe(true);
    // Groups of 125 clusters (500 series / 4 waits): three range answers, the fewest that hold 1,200 series.
    expect(next.calls).toBe(next.minimumCalls);
  });
});
