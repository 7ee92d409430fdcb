import { ACCOUNT_ID, STAGING_ACCOUNT, type Scenario } from "./fleet";
import { hash32, rng } from "./random";

/**
 * The governance side of the demo organisation, for the readiness checks' second opinions and
 * quota headroom: which accounts run AWS Config with the two managed rules AWS offers for Aurora
 * DSQL (prod and staging do; dev never turned Config on), and the Service Quotas values applied
 * where they differ from AWS's defaults (prod asked for more single-Region clusters in us-east-1).
 */

/** AWS Config's managed rules for DSQL (the Config developer guide's pages, late 2026). */
export const DSQL_CONFIG_RULES = [
  { name: "dsql-cluster-deletion-protection-enabled", identifier: "DSQL_CLUSTER_DELETION_PROTECTION_ENABLED", description: "Checks if an Amazon Aurora DSQL cluster has deletion protection enabled." },
  {
    name: "dsql-cluster-multi-region-replication-enabled",
    identifier: "DSQL_CLUSTER_MULTI_REGION_REPLICATION_ENABLED",
    description: "Checks if an Amazon Aurora DSQL cluster is replicated to another AWS Region through multi-Region peering.",
  },
] as const;

/** A Config rule as Config keeps it, in one account and Region. */
export interface ConfigRuleSeed {
  account: string;
  region: string;
  name: string;
  id: string;
  sourceIdentifier: string;
  description: string;
}

/** Config's rule ids: `config-rule-` and six lower-case letters and digits. */
function ruleId(seed: string): string {
  const r = rng(hash32(seed));
  return `config-rule-${Array.from({ length: 6 }, () => "abcdefghijklmnopqrstuvwxyz0123456789"[Math.floor(r() * 36)]).join("")}`;
}

/** Accounts that run AWS Config (a configuration recorder, recording) in every Region of the scenario; a generated fleet's default account too, so a bench measures the calls. */
export const configAccounts = (scenario: Scenario) => (scenario.extraAccounts ? [ACCOUNT_ID] : [ACCOUNT_ID, STAGING_ACCOUNT]);

/** The DSQL managed rules of the accounts that run Config. */
export function demoConfigRules(scenario: Scenario): ConfigRuleSeed[] {
  return configAccounts(scenario).flatMap((account) =>
    scenario.regions.flatMap((region) =>
      DSQL_CONFIG_RULES.map((r) => ({ account, region, name: r.name, id: ruleId(`${account}/${region}/${r.name}`), sourceIdentifier: r.identifier, description: r.description })),
    ),
  );
}

/** Applied Service Quotas values that differ from the defaults, by `account|region|quota name`. */
export function demoQuotaOverrides(): Map<string, number> {
  return new Map([[`${ACCOUNT_ID}|us-east-1|Single-Region clusters`, 30]]);
}
