import { describe, expect, it } from "vitest";
import { clusterKey, clusterPath, fleetProblems, parseClusterArn, scopeKey } from "./scope";

const PROD = "123456789012";
const STAGING = "210987654321";
const ID = "a".repeat(26);

describe("scopes: an account and a Region", () => {
  it("names a cluster by account, Region and id in keys and page paths", () => {
    const c = { account: STAGING, region: "eu-west-1", identifier: ID };
    expect(scopeKey(c)).toBe(`${STAGING}/eu-west-1`);
    expect(clusterKey(c)).toBe(`${STAGING}/eu-west-1/${ID}`);
    expect(clusterPath(c)).toBe(`/clusters/${STAGING}/eu-west-1/${ID}`);
    expect(clusterPath(c, "backups")).toBe(`/clusters/${STAGING}/eu-west-1/${ID}/backups`);
  });

  it("reads the account, Region and id from a cluster ARN, and nothing from anything else", () => {
    expect(parseClusterArn(`arn:aws:dsql:us-east-2:${STAGING}:cluster/${ID}`)).toEqual({ account: STAGING, region: "us-east-2", identifier: ID, arn: `arn:aws:dsql:us-east-2:${STAGING}:cluster/${ID}` });
    expect(parseClusterArn(`arn:aws:dsql:us-east-2:12345:cluster/${ID}`)).toBeUndefined();
    expect(parseClusterArn(`arn:aws:backup:us-east-2:${STAGING}:backup-vault:Default`)).toBeUndefined();
  });

  it("reports an account that failed everywhere for the same reason once, and other failures per Region", () => {
    const denied = "Could not read account sandbox (456789012345) through sts:AssumeRole: AWS denied access";
    const entries = [
      { account: PROD, accountName: "prod", region: "us-east-1" },
      { account: PROD, accountName: "prod", region: "eu-west-1", error: "Cannot reach the AWS endpoint" },
      { account: "456789012345", accountName: "sandbox", region: "us-east-1", error: denied },
      { account: "456789012345", accountName: "sandbox", region: "eu-west-1", error: denied },
      { account: STAGING, accountName: STAGING, region: "us-east-1", error: "throttled" },
      { account: STAGING, accountName: STAGING, region: "eu-west-1", error: "unreadable" },
    ];
    expect(fleetProblems(entries)).toEqual([
      { key: `${PROD}/eu-west-1`, where: `eu-west-1 of account prod (${PROD})`, message: "Cannot reach the AWS endpoint" },
      { key: "456789012345", where: "account sandbox (456789012345)", message: denied },
      // Failing everywhere, but for different reasons: each Region says its own; an unnamed account is its id.
      { key: `${STAGING}/us-east-1`, where: `us-east-1 of account ${STAGING}`, message: "throttled" },
      { key: `${STAGING}/eu-west-1`, where: `eu-west-1 of account ${STAGING}`, message: "unreadable" },
    ]);
    expect(fleetProblems(entries.filter((e) => !e.error))).toEqual([]);
  });
});
