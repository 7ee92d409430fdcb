import { DescribeConfigurationRecorderStatusCommand, paginateDescribeConfigRules, paginateGetComplianceDetailsByConfigRule } from "@aws-sdk/client-config-service";
import { paginateListServiceQuotas } from "@aws-sdk/client-service-quotas";
import { configServiceClient, serviceQuotasClient } from "../aws/clients";
import type { Scope } from "../aws/scope";

/**
 * What an account says about its DSQL clusters outside DSQL itself, read once per account and
 * Region for the readiness checks: AWS Config's verdicts from the managed rules AWS offers for
 * DSQL (a second opinion beside the dashboard's own checks), and the DSQL quotas Service Quotas
 * applies (cluster counts, cluster size, connections).
 */

/** The managed rules, by their source identifier (Config developer guide), and the check each seconds. */
export const DSQL_CONFIG_RULES = {
  DSQL_CLUSTER_DELETION_PROTECTION_ENABLED: "deletionProtection",
  DSQL_CLUSTER_MULTI_REGION_REPLICATION_ENABLED: "multiRegion",
} as const;
export type ConfigRuleKind = (typeof DSQL_CONFIG_RULES)[keyof typeof DSQL_CONFIG_RULES];

export interface ConfigVerdicts {
  /** The account's rules for DSQL in the Region, by the check they second (a rule may be named anything). */
  rules: Partial<Record<ConfigRuleKind, string>>;
  /** Cluster identifier → the compliance each rule recorded (COMPLIANT, NON_COMPLIANT, …). */
  byCluster: Record<string, Partial<Record<ConfigRuleKind, string>>>;
  /** Asked only when there is no DSQL rule: whether Config records here at all (is it enabled?). */
  recording?: boolean;
}

/**
 * The DSQL managed rules the account has in the Region (found by source, whatever their names)
 * and each one's latest evaluation of every cluster: one DescribeConfigRules listing and one
 * GetComplianceDetailsByConfigRule per rule, whatever the number of clusters. Without a DSQL rule,
 * the configuration recorder's status tells "Config is not enabled here" from "Config runs
 * without the DSQL rules".
 */
export async function dsqlConfigVerdicts(scope: Scope): Promise<ConfigVerdicts> {
  const client = configServiceClient(scope);
  const rules: ConfigVerdicts["rules"] = {};
  for await (const page of paginateDescribeConfigRules({ client }, {})) {
    for (const r of page.ConfigRules ?? []) {
      const kind = r.Source?.Owner === "AWS" ? DSQL_CONFIG_RULES[r.Source.SourceIdentifier as keyof typeof DSQL_CONFIG_RULES] : undefined;
      if (kind && r.ConfigRuleName && r.ConfigRuleState !== "DELETING") rules[kind] ??= r.ConfigRuleName;
    }
  }
  if (!Object.keys(rules).length) {
    const status = await client.send(new DescribeConfigurationRecorderStatusCommand({}));
    return { rules, byCluster: {}, recording: (status.ConfigurationRecordersStatus ?? []).some((r) => r.recording) };
  }
  const byCluster: ConfigVerdicts["byCluster"] = {};
  for (const [kind, name] of Object.entries(rules) as [ConfigRuleKind, string][]) {
    for await (const page of paginateGetComplianceDetailsByConfigRule({ client, pageSize: 100 }, { ConfigRuleName: name })) {
      for (const e of page.EvaluationResults ?? []) {
        const q = e.EvaluationResultIdentifier?.EvaluationResultQualifier;
        if (!q?.ResourceId || !e.ComplianceType || (q.ResourceType && q.ResourceType !== "AWS::DSQL::Cluster")) continue;
        // The resource id is the cluster identifier; an ARN is reduced to it, should Config record one.
        const id = q.ResourceId.split("/").pop()!;
        (byCluster[id] ??= {})[kind] = e.ComplianceType;
      }
    }
  }
  return { rules, byCluster };
}

/**
 * Service Quotas' service code for DSQL. UNVERIFIED: AWS documents the quotas' names but not the
 * code; Service Quotas names services by their endpoint prefix, which is `dsql`.
 */
export const DSQL_SERVICE_CODE = "dsql";

/** DSQL's quotas by the names Service Quotas gives them, with AWS's defaults (general reference, "Aurora DSQL endpoints and quotas"). */
export const DSQL_QUOTA_DEFAULTS = {
  singleRegionClusters: { name: "Single-Region clusters", value: 20 },
  multiRegionClusters: { name: "Multi-Region clusters", value: 5 },
  clusterSizeGb: { name: "Cluster size", value: 10_000 },
  connectionsPerCluster: { name: "Connections per cluster", value: 10_000 },
} as const;
export type DsqlQuotaKey = keyof typeof DSQL_QUOTA_DEFAULTS;

/** Each quota's applied value, and whether Service Quotas reported it (or it is AWS's documented default). */
export type DsqlQuotas = Record<DsqlQuotaKey, { value: number; applied: boolean }>;

/** The quotas applied to the account in the Region: one ListServiceQuotas listing, matched by name (the quota codes are not documented). */
export async function dsqlQuotas(scope: Scope): Promise<DsqlQuotas> {
  const byName = new Map<string, number>();
  for await (const page of paginateListServiceQuotas({ client: serviceQuotasClient(scope), pageSize: 100 }, { ServiceCode: DSQL_SERVICE_CODE })) {
    for (const q of page.Quotas ?? []) if (q.QuotaName && typeof q.Value === "number") byName.set(q.QuotaName, q.Value);
  }
  const entries = (Object.keys(DSQL_QUOTA_DEFAULTS) as DsqlQuotaKey[]).map((k) => {
    const applied = byName.get(DSQL_QUOTA_DEFAULTS[k].name);
    return [k, applied === undefined ? { value: DSQL_QUOTA_DEFAULTS[k].value, applied: false } : { value: applied, applied: true }] as const;
  });
  return Object.fromEntries(entries) as DsqlQuotas;
}
