import { describe, expect, it } from "vitest";
import { awsAnswers, recordAnswer } from "./answers";

describe("AWS answers", () => {
  it("counts any status below 500 as an answer, and keeps only the failure's kind", () => {
    recordAnswer("dsql", "eu-west-1", { status: 200 }, new Date("2026-12-04T10:00:00Z"));
    recordAnswer("dsql", "eu-west-1", { status: 403 }, new Date("2026-12-04T10:01:00Z"));
    recordAnswer("dsql", "eu-west-1", { error: "TimeoutError" }, new Date("2026-12-04T10:02:00Z"));
    recordAnswer("backup", "eu-west-1", { status: 503 }, new Date("2026-12-04T10:03:00Z"));
    const [backup, dsql] = awsAnswers().filter((a) => a.region === "eu-west-1");
    expect(dsql).toEqual({ service: "dsql", region: "eu-west-1", lastAnswerAt: "2026-12-04T10:01:00.000Z", lastFailureAt: "2026-12-04T10:02:00.000Z", lastFailure: "TimeoutError" });
    expect(backup).toEqual({ service: "backup", region: "eu-west-1", lastFailureAt: "2026-12-04T10:03:00.000Z", lastFailure: "HTTP 503" });
  });
});
