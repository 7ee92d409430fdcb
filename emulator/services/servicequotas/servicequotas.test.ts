import { describe, expect, it } from "vitest";
import { ACCOUNT_ID, STAGING_ACCOUNT } from "../../scenario/fleet";
import { demoQuotaOverrides } from "../../scenario/governance";
import { awsErrorOf } from "../../testing";
import { quotaCode, ServiceQuotasService } from ".";

type Quotas = { Quotas: { QuotaName: string; QuotaCode: string; Value: number; QuotaArn: string }[]; NextToken?: string };
const setup = () => new ServiceQuotasService(demoQuotaOverrides());

describe("Service Quotas for DSQL", () => {
  it("lists DSQL's four quotas with the applied values of the account and Region", () => {
    const sq = setup();
    const values = (region: string, account: string) =>
      Object.fromEntries((sq.call("ListServiceQuotas", { ServiceCode: "dsql" }, region, account) as Quotas).Quotas.map((q) => [q.QuotaName, q.Value]));
    expect(values("us-east-1", STAGING_ACCOUNT)).toEqual({ "Cluster size": 10_000, "Connections per cluster": 10_000, "Multi-Region clusters": 5, "Single-Region clusters": 20 });
    // Prod asked for more clusters in us-east-1 only.
    expect(values("us-east-1", ACCOUNT_ID)["Single-Region clusters"]).toBe(30);
    expect(values("eu-west-1", ACCOUNT_ID)["Single-Region clusters"]).toBe(20);
  });

  it("pages, gets one quota by code, and answers AWS's errors", () => {
    const sq = setup();
    const first = sq.call("ListServiceQuotas", { ServiceCode: "dsql", MaxResults: 3 }, "us-east-1", ACCOUNT_ID) as Quotas;
    expect(first.Quotas).toHaveLength(3);
    const rest = sq.call("ListServiceQuotas", { ServiceCode: "dsql", NextToken: first.NextToken }, "us-east-1", ACCOUNT_ID) as Quotas;
    expect(rest.Quotas.map((q) => q.QuotaName)).toEqual(["Single-Region clusters"]);
    const code = quotaCode("Single-Region clusters");
    expect(code).toMatch(/^L-[0-9A-F]{8}$/);
    expect(sq.call("GetServiceQuota", { ServiceCode: "dsql", QuotaCode: code }, "us-east-1", ACCOUNT_ID)).toMatchObject({
      Quota: { Value: 30, QuotaArn: `arn:aws:servicequotas:us-east-1:${ACCOUNT_ID}:dsql/${code}` },
    });
    expect(awsErrorOf(() => sq.call("GetServiceQuota", { ServiceCode: "dsql", QuotaCode: "L-00000000" }, "us-east-1", ACCOUNT_ID)).code).toBe("NoSuchResourceException");
    expect(awsErrorOf(() => sq.call("ListServiceQuotas", { ServiceCode: "rds" }, "us-east-1", ACCOUNT_ID)).code).toBe("NoSuchResourceException");
    expect(awsErrorOf(() => sq.call("ListServiceQuotas", {}, "us-east-1", ACCOUNT_ID)).code).toBe("IllegalArgumentException");
    expect(awsErrorOf(() => sq.call("ListServiceQuotas", { ServiceCode: "dsql", NextToken: "bad!" }, "us-east-1", ACCOUNT_ID)).code).toBe("InvalidPaginationTokenException");
  });
});
