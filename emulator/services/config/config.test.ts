import { describe, expect, it } from "vitest";
import { Clock } from "../../clock";
import { ACCOUNT_ID, DEV_ACCOUNT, demoScenario, STAGING_ACCOUNT } from "../../scenario/fleet";
import { configAccounts, demoConfigRules } from "../../scenario/governance";
import { awsErrorOf } from "../../testing";
import { DsqlState } from "../dsql/state";
import { ConfigService } from ".";

const anchor = Date.UTC(2026, 10, 25, 12);
const setup = () => {
  const scenario = demoScenario();
  const clock = new Clock(1);
  const dsql = new DsqlState(clock, scenario, anchor);
  const id = (name: string, region: string) => scenario.clusters.find((c) => c.name === name && c.region === region)!.identifier;
  return { dsql, config: new ConfigService(clock, dsql, demoConfigRules(scenario), { accounts: configAccounts(scenario), sinceMs: anchor - 400 * 86_400_000 }), id };
};
type Rules = { ConfigRules: { ConfigRuleName: string; Source: { Owner: string; SourceIdentifier: string }; ConfigRuleArn: string }[]; NextToken?: string };
type Results = { EvaluationResults: { EvaluationResultIdentifier: { EvaluationResultQualifier: { ResourceId: string; ResourceType: string } }; ComplianceType: string }[]; NextToken?: string };
const verdicts = (r: Results) => Object.fromEntries(r.EvaluationResults.map((e) => [e.EvaluationResultIdentifier.EvaluationResultQualifier.ResourceId, e.ComplianceType]));

describe("AWS Config's DSQL rules", () => {
  it("has the two managed rules in prod and staging, and none in dev (Config not enabled there)", () => {
    const { config } = setup();
    const rules = config.call("DescribeConfigRules", {}, "eu-west-1", STAGING_ACCOUNT) as Rules;
    expect(rules.ConfigRules.map((r) => r.Source)).toEqual([
      { Owner: "AWS", SourceIdentifier: "DSQL_CLUSTER_DELETION_PROTECTION_ENABLED" },
      { Owner: "AWS", SourceIdentifier: "DSQL_CLUSTER_MULTI_REGION_REPLICATION_ENABLED" },
    ]);
    expect(rules.ConfigRules[0].ConfigRuleArn).toMatch(new RegExp(`^arn:aws:config:eu-west-1:${STAGING_ACCOUNT}:config-rule/config-rule-[a-z0-9]{6}$`));
    expect((config.call("DescribeConfigRules", {}, "us-east-1", ACCOUNT_ID) as Rules).ConfigRules).toHaveLength(2);
    expect((config.call("DescribeConfigRules", {}, "us-east-1", DEV_ACCOUNT) as Rules).ConfigRules).toEqual([]);
    expect(awsErrorOf(() => config.call("GetComplianceDetailsByConfigRule", { ConfigRuleName: "dsql-cluster-deletion-protection-enabled" }, "us-east-1", DEV_ACCOUNT)).code).toBe(
      "NoSuchConfigRuleException",
    );
  });

  it("reports a recording configuration recorder where Config runs, none in dev", () => {
    const { config } = setup();
    type Status = { ConfigurationRecordersStatus: { name: string; recording: boolean; lastStatus: string; arn: string }[] };
    const status = (account: string, input = {}) => (config.call("DescribeConfigurationRecorderStatus", input, "eu-west-1", account) as Status).ConfigurationRecordersStatus;
    expect(status(STAGING_ACCOUNT)).toMatchObject([{ name: "default", recording: true, lastStatus: "SUCCESS" }]);
    expect(status(STAGING_ACCOUNT)[0].arn).toMatch(new RegExp(`^arn:aws:config:eu-west-1:${STAGING_ACCOUNT}:configuration-recorder/default/`));
    expect(status(DEV_ACCOUNT)).toEqual([]);
    expect(awsErrorOf(() => status(DEV_ACCOUNT, { ConfigurationRecorderNames: ["default"] })).code).toBe("NoSuchConfigurationRecorderException");
    expect(awsErrorOf(() => status(STAGING_ACCOUNT, { ConfigurationRecorderNames: ["a", "b"] })).code).toBe("ValidationException");
  });

  it("evaluates each cluster from DSQL's live state: deletion protection, and peers while ACTIVE", () => {
    const { config, dsql, id } = setup();
    const judge = (rule: string, region: string, account = ACCOUNT_ID) => verdicts(config.call("GetComplianceDetailsByConfigRule", { ConfigRuleName: rule }, region, account) as Results);
    expect(judge("dsql-cluster-deletion-protection-enabled", "eu-west-1", STAGING_ACCOUNT)).toEqual({ [id("reporting-eu", "eu-west-1")]: "NON_COMPLIANT" });
    expect(judge("dsql-cluster-multi-region-replication-enabled", "us-east-1")).toEqual({ [id("orders-prod", "us-east-1")]: "COMPLIANT" });
    expect(judge("dsql-cluster-multi-region-replication-enabled", "eu-west-1")).toEqual({ [id("payments-eu", "eu-west-1")]: "NON_COMPLIANT" });
    // Turning protection off is seen at the next evaluation.
    dsql.find("eu-west-1", id("payments-eu", "eu-west-1"))!.deletionProtectionEnabled = false;
    expect(judge("dsql-cluster-deletion-protection-enabled", "eu-west-1")).toEqual({ [id("payments-eu", "eu-west-1")]: "NON_COMPLIANT" });
  });

  it("filters by compliance type, pages by Limit, and refuses what AWS refuses", () => {
    const { config } = setup();
    const call = (input: Record<string, unknown>, op = "GetComplianceDetailsByConfigRule") => config.call(op, input, "ap-northeast-1", STAGING_ACCOUNT) as Results;
    const rule = "dsql-cluster-deletion-protection-enabled";
    expect(call({ ConfigRuleName: rule, ComplianceTypes: ["COMPLIANT"] }).EvaluationResults).toEqual([]);
    expect(call({ ConfigRuleName: rule, ComplianceTypes: ["NON_COMPLIANT"] }).EvaluationResults).toHaveLength(1);
    expect(awsErrorOf(() => call({ ConfigRuleName: rule, ComplianceTypes: ["MAYBE"] })).code).toBe("ValidationException");
    expect(awsErrorOf(() => call({})).code).toBe("ValidationException");
    expect(awsErrorOf(() => call({ ConfigRuleName: rule, Limit: 101 })).code).toBe("ValidationException");
    expect(awsErrorOf(() => call({ ConfigRuleName: rule, NextToken: "garbage!" })).code).toBe("InvalidNextTokenException");
    expect(awsErrorOf(() => call({ ConfigRuleNames: ["dsql-cluster-deletion-protection-enabled", "nope"] }, "DescribeConfigRules")).message).toContain("'nope'");
    expect(awsErrorOf(() => call({}, "PutConfigRule")).code).toBe("UnknownOperationException");
  });
});
