import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { JobView } from "@/lib/dsql/jobs";
import { JobsTable } from "./jobs-table";

const base: JobView = {
  account: "123456789012",
  region: "us-east-1",
  clusterId: "a".repeat(26),
  jobId: "wqhu6ewifze5xitg3umt24h5ua",
  type: "INDEX_BUILD",
  status: "processing",
  stage: "building the index",
  running: true,
  details: null,
  objectName: "public.orders_total_idx",
  table: { name: "public.orders", rows: 20_000 },
  index: { name: "orders_total_idx", schema: "public", valid: false, unique: false, definition: "CREATE INDEX orders_total_idx ON public.orders USING btree (total_cents)" },
  startTime: "2026-11-25T12:00:00.000Z",
  updateTime: "2026-11-25T12:00:05.000Z",
  elapsedS: 20,
  estimate: null,
  source: "live",
  advice: null,
  canDropIndex: true,
};
const now = Date.parse("2026-11-25T12:00:20.000Z");
const render = (jobs: JobView[], opts: { onDropIndex?: (j: JobView) => void; showCluster?: boolean } = {}) =>
  renderToStaticMarkup(createElement(JobsTable, { jobs, now, empty: "No jobs.", ...opts }));

describe("JobsTable", () => {
  it("shows a running build's stage and elapsed time, and no percentage", () => {
    const html = render([base]);
    expect(html).toContain("building the index");
    expect(html).toContain("20 s");
    expect(html).toContain("invalid");
    expect(html).not.toMatch(/\d\s?%/);
    expect(html).not.toContain("job-estimate");
  });

  it("labels a grounded remaining time as an estimate and says what it stands on", () => {
    const html = render([{ ...base, estimate: { totalS: 60, remainingS: 40, overdue: false, basis: "from 2 earlier builds on this cluster and this table's 20,000 rows", samples: 2 } }]);
    expect(html).toContain("≈ 40 s left (estimate from 2 earlier builds on this cluster and this table&#x27;s 20,000 rows)");
  });

  it("says a build runs longer than earlier ones instead of a negative remainder", () => {
    const html = render([{ ...base, elapsedS: 90, estimate: { totalS: 60, remainingS: 0, overdue: true, basis: "from 2 earlier builds", samples: 2 } }]);
    expect(html).toContain("longer than earlier builds");
    expect(html).not.toMatch(/-\d+ s|-\d+ min/);
  });

  it("explains a failed unique build and offers the drop only to operators", () => {
    const failed: JobView = { ...base, status: "failed", stage: "failed", running: false, details: "Found duplicate key while validating index for UCVs", advice: "Drop it, remove the duplicates, and create it again.", index: { ...base.index!, unique: true } };
    const operator = render([failed], { onDropIndex: () => undefined });
    expect(operator).toContain("Error: </span>Found duplicate key while validating index for UCVs");
    expect(operator).toContain("Drop it, remove the duplicates");
    expect(operator).toContain("Drop invalid index");
    expect(render([failed])).not.toContain("Drop invalid index");
    expect(render([{ ...failed, canDropIndex: false }], { onDropIndex: () => undefined })).not.toContain("Drop invalid index");
  });

  it("has an empty state, and names the cluster and the peer Regions in the fleet view", () => {
    expect(render([])).toContain("No jobs.");
    const html = render([{ ...base, clusterName: "orders-prod", alsoOn: [{ region: "us-east-2", clusterId: "b".repeat(26) }] }], { showCluster: true });
    expect(html).toContain("orders-prod");
    expect(html).toContain("+ us-east-2");
    expect(html).toContain(`/clusters/123456789012/us-east-1/${"a".repeat(26)}/jobs`);
  });
});
