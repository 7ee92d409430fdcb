import { z } from "zod";
import type { Clock } from "../../clock";
import { AwsError, operationHandler } from "../../protocols/errors";
import { pageOf } from "../../protocols/paging";
import type { ConfigRuleSeed } from "../../scenario/governance";
import { hash32 } from "../../scenario/random";
import type { DsqlState } from "../dsql/state";

/**
 * AWS Config (JSON 1.1, target StarlingDoveService, SigV4 name `config`), the part the readiness
 * checks ask for a second opinion: DescribeConfigRules, GetComplianceDetailsByConfigRule and
 * DescribeConfigurationRecorderStatus (whether Config records at all), per account and Region. The DSQL managed rules are evaluated against DSQL's state at the time of the
 * call, so an UpdateCluster that turns deletion protection off is NON_COMPLIANT at once.
 * Simplifications: AWS evaluates a rule minutes after a configuration change (and records that
 * time; here the result is recorded at the call); only the seeded managed rules exist (no
 * PutConfigRule); an account without Config has no recorder and no rules; a recorder has
 * recorded since the anchor's previous year, without errors.
 */

export const CONFIG_TARGET = "StarlingDoveService";

const RULE_PAGE = 25;
const RESULTS_LIMIT = 100;
const COMPLIANCE = ["COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE", "INSUFFICIENT_DATA"] as const;
type Compliance = (typeof COMPLIANCE)[number];

const invalidParameter = (message: string) => new AwsError("InvalidParameterValueException", message, 400);
const invalidToken = (message: string) => new AwsError("InvalidNextTokenException", message, 400);
/** AWS's request validation (the model's constraints): one message for the first violation. */
const validation = (message: string) => new AwsError("ValidationException", `1 validation error detected: ${message}`, 400);
const noSuchRule = (name: string) => new AwsError("NoSuchConfigRuleException", `The ConfigRule '${name}' provided in the request is invalid. Please check the configRule name`, 400);

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw validation(`Value at '${issue.path.join(".") || "input"}' failed to satisfy constraint: ${issue.message}`);
}

const recorderInput = z.object({ ConfigurationRecorderNames: z.array(z.string().min(1).max(256)).max(1).optional() }).passthrough();

const describeInput = z.object({
  ConfigRuleNames: z.array(z.string().min(1).max(128)).max(25).optional(),
  NextToken: z.string().optional(),
  Filters: z.object({ EvaluationMode: z.enum(["DETECTIVE", "PROACTIVE"]).optional() }).optional(),
});

const complianceInput = z.object({
  ConfigRuleName: z.string().min(1).max(64),
  ComplianceTypes: z.array(z.enum(COMPLIANCE)).max(3).optional(),
  Limit: z.number().int().min(0).max(RESULTS_LIMIT).optional(),
  NextToken: z.string().optional(),
});

/** How a managed rule judges one DSQL cluster (the rule pages' definitions). */
const EVALUATE: Record<string, (c: { deletionProtectionEnabled: boolean; peers: string[]; status: string }) => Compliance> = {
  DSQL_CLUSTER_DELETION_PROTECTION_ENABLED: (c) => (c.deletionProtectionEnabled ? "COMPLIANT" : "NON_COMPLIANT"),
  // NON_COMPLIANT if MultiRegionProperties.Clusters is absent or empty, or the cluster is not ACTIVE.
  DSQL_CLUSTER_MULTI_REGION_REPLICATION_ENABLED: (c) => (c.peers.length && c.status === "ACTIVE" ? "COMPLIANT" : "NON_COMPLIANT"),
};

export class ConfigService {
  constructor(
    private readonly clock: Clock,
    private readonly dsql: DsqlState,
    private readonly rules: ConfigRuleSeed[],
    /** Accounts with a configuration recorder in every Region, recording since `sinceMs`. */
    private readonly recorders: { accounts: string[]; sinceMs: number },
  ) {}

  /** Every Config operation the emulator answers. */
  private readonly operations: Record<string, (input: Record<string, unknown>, region: string, account: string) => unknown> = {
    DescribeConfigRules: (i, r, a) => this.describeConfigRules(i, r, a),
    GetComplianceDetailsByConfigRule: (i, r, a) => this.complianceDetails(i, r, a),
    DescribeConfigurationRecorderStatus: (i, r, a) => this.recorderStatus(i, r, a),
  };

  call(operation: string, input: Record<string, unknown>, region: string, account: string): unknown {
    return operationHandler(this.operations, operation)(input, region, account);
  }

  private recorderStatus(input: Record<string, unknown>, region: string, account: string) {
    const q = parse(recorderInput, input);
    const mine = this.recorders.accounts.includes(account) ? [{ name: "default" }] : [];
    const asked = q.ConfigurationRecorderNames?.[0];
    if (asked !== undefined && !mine.some((r) => r.name === asked)) {
      throw new AwsError("NoSuchConfigurationRecorderException", `Cannot find configuration recorder with the specified name '${asked}'.`, 400);
    }
    const since = new Date(this.recorders.sinceMs);
    return {
      ConfigurationRecordersStatus: mine.map((r) => ({
        arn: `arn:aws:config:${region}:${account}:configuration-recorder/${r.name}/${hash32(`${account}/${region}/recorder`).toString(36)}`,
        name: r.name,
        lastStartTime: since,
        recording: true,
        lastStatus: "SUCCESS",
        lastStatusChangeTime: new Date(this.clock.now()),
      })),
    };
  }

  private rulesOf(account: string, region: string) {
    return this.rules.filter((r) => r.account === account && r.region === region);
  }

  private describeConfigRules(input: Record<string, unknown>, region: string, account: string) {
    const q = parse(describeInput, input);
    const mine = this.rulesOf(account, region);
    const missing = q.ConfigRuleNames?.find((n) => !mine.some((r) => r.name === n));
    if (missing !== undefined) throw noSuchRule(missing);
    // Every seeded rule is DETECTIVE: a PROACTIVE filter finds none.
    const wanted = mine.filter((r) => (!q.ConfigRuleNames || q.ConfigRuleNames.includes(r.name)) && (q.Filters?.EvaluationMode ?? "DETECTIVE") === "DETECTIVE");
    const { page, nextToken } = pageOf(wanted, { max: null, token: q.NextToken ?? null, limit: RULE_PAGE, invalid: invalidParameter, invalidToken });
    return {
      ConfigRules: page.map((r) => ({
        ConfigRuleName: r.name,
        ConfigRuleArn: `arn:aws:config:${region}:${account}:config-rule/${r.id}`,
        ConfigRuleId: r.id,
        Description: r.description,
        Scope: { ComplianceResourceTypes: ["AWS::DSQL::Cluster"] },
        Source: { Owner: "AWS", SourceIdentifier: r.sourceIdentifier },
        InputParameters: "{}",
        ConfigRuleState: "ACTIVE",
        EvaluationModes: [{ Mode: "DETECTIVE" }],
      })),
      ...(nextToken && { NextToken: nextToken }),
    };
  }

  private complianceDetails(input: Record<string, unknown>, region: string, account: string) {
    const q = parse(complianceInput, input);
    const rule = this.rulesOf(account, region).find((r) => r.name === q.ConfigRuleName);
    if (!rule) throw noSuchRule(q.ConfigRuleName);
    const evaluate = EVALUATE[rule.sourceIdentifier];
    const now = new Date(this.clock.now());
    const results = this.dsql
      .list(region, account)
      .map((c) => {
        const status = this.dsql.status(c);
        const peers = (c.multiRegion?.clusters ?? []).filter((arn) => arn !== c.arn);
        return { c, compliance: evaluate({ deletionProtectionEnabled: c.deletionProtectionEnabled, peers, status }) };
      })
      .filter((r) => !q.ComplianceTypes?.length || q.ComplianceTypes.includes(r.compliance));
    const { page, nextToken } = pageOf(results, { max: q.Limit ? String(q.Limit) : null, token: q.NextToken ?? null, limit: RESULTS_LIMIT, invalid: invalidParameter, invalidToken });
    return {
      EvaluationResults: page.map(({ c, compliance }) => ({
        EvaluationResultIdentifier: {
          // Config names a DSQL cluster by its identifier (the CloudFormation resource's primary identifier).
          EvaluationResultQualifier: { ConfigRuleName: rule.name, ResourceType: "AWS::DSQL::Cluster", ResourceId: c.identifier, EvaluationMode: "DETECTIVE" },
          OrderingTimestamp: now,
        },
        ComplianceType: compliance,
        ResultRecordedTime: now,
        ConfigRuleInvokedTime: now,
      })),
      ...(nextToken && { NextToken: nextToken }),
    };
  }
}
