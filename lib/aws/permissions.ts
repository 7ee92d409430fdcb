/**
 * Every IAM action the dashboard needs, next to the calls that need it: each AWS operation the
 * code sends (lib/dsql, lib/backup, lib/metrics) and who needs it. The policy documents in
 * docs/iam.md are generated from this list (`npx tsx scripts/iam-policies.ts --write`), and
 * permissions.test.ts fails when the code sends an operation that is missing here, or when an
 * entry here names an operation nothing sends.
 */

export type PolicyRole = "viewer" | "operator";

export interface Permission {
  action: string;
  role: PolicyRole;
  /** The SDK operations (or DsqlSigner methods) that need it; empty for a permission AWS checks on its own behalf. */
  operations: string[];
  /** Why, for a permission no single call of ours names. */
  note?: string;
  /** The policy resource, when narrower than "*". */
  resource?: string;
}

export const PERMISSIONS: Permission[] = [
  // DSQL control plane and SQL connections (lib/dsql)
  { action: "dsql:ListClusters", role: "viewer", operations: ["ListClusters"] },
  { action: "dsql:GetCluster", role: "viewer", operations: ["GetCluster"] },
  // Readiness (lib/dsql/network.ts)
  { action: "dsql:GetClusterPolicy", role: "viewer", operations: ["GetClusterPolicy"] },
  { action: "dsql:GetVpcEndpointServiceName", role: "viewer", operations: ["GetVpcEndpointServiceName"] },
  { action: "dsql:ListStreams", role: "viewer", operations: ["ListStreams"] },
  { action: "dsql:GetStream", role: "viewer", operations: ["GetStream"] },
  { action: "ec2:DescribeVpcEndpoints", role: "viewer", operations: ["DescribeVpcEndpoints"], note: "whether a VPC endpoint exists for a cluster's endpoint service (readiness)" },
  // Readiness's second opinion and quota headroom (lib/dsql/governance.ts)
  { action: "config:DescribeConfigRules", role: "viewer", operations: ["DescribeConfigRules"], note: "finds AWS Config's managed rules for DSQL, a second opinion beside the readiness checks" },
  { action: "config:GetComplianceDetailsByConfigRule", role: "viewer", operations: ["GetComplianceDetailsByConfigRule"], note: "each DSQL rule's verdict per cluster" },
  {
    action: "config:DescribeConfigurationRecorderStatus",
    role: "viewer",
    operations: ["DescribeConfigurationRecorderStatus"],
    note: "only where no DSQL rule is found: whether AWS Config is enabled there at all",
  },
  { action: "servicequotas:ListServiceQuotas", role: "viewer", operations: ["ListServiceQuotas"], note: "the DSQL quotas applied to the account in each Region (clusters, cluster size, connections)" },
  { action: "dsql:DbConnect", role: "viewer", operations: ["getDbConnectAuthToken"] },
  { action: "dsql:DbConnectAdmin", role: "operator", operations: ["getDbConnectAdminAuthToken"] },
  { action: "dsql:TagResource", role: "operator", operations: ["TagResource"] },
  // Restore drills delete the cluster they restored (lib/drills)
  { action: "dsql:DeleteCluster", role: "operator", operations: ["DeleteCluster"], note: "restore drills delete the copy they restored; nothing else is deleted" },
  { action: "dsql:UpdateCluster", role: "operator", operations: ["UpdateCluster"], note: "turns deletion protection off on a drill's copy before deleting it" },
  {
    action: "dsql:CreateCluster",
    role: "operator",
    operations: [],
    note: "a restore creates a new cluster through AWS Backup (StartRestoreJob)",
  },
  // Accounts to watch (lib/aws/accounts.ts)
  { action: "sts:GetCallerIdentity", role: "viewer", operations: ["GetCallerIdentity"], note: "tells which account the dashboard runs in; AWS allows it to every principal" },
  {
    action: "sts:AssumeRole",
    role: "viewer",
    operations: [],
    note: "reads another account through its role (DSQL_OPS_ACCOUNTS, DSQL_OPS_ORG_ROLE_NAME); the SDK's fromTemporaryCredentials sends it",
    resource: "arn:aws:iam::*:role/DsqlOpsReadOnly",
  },
  { action: "organizations:ListAccounts", role: "viewer", operations: ["ListAccounts"], note: "only with DSQL_OPS_ORG_ROLE_NAME, from the management or a delegated administrator account" },
  // Prices (lib/cost/pricing.ts)
  { action: "pricing:GetProducts", role: "viewer", operations: ["GetProducts"], note: "reads Aurora DSQL's prices from the Price List API; without it the built-in table is used" },
  // The bill (lib/cost/bill.ts)
  {
    action: "ce:GetCostAndUsageWithResources",
    role: "viewer",
    operations: ["GetCostAndUsageWithResources"],
    note: "each cluster's part of the last 14 days of the bill, where resource-level data is turned on in Cost Explorer; without it the part is allocated",
  },
  {
    action: "ce:GetCostAndUsage",
    role: "viewer",
    operations: ["GetCostAndUsage"],
    note: "reads the DSQL bill from Cost Explorer in the dashboard's own account (the management account sees every member account); without it the cost review shows the estimate alone",
  },
  // CloudWatch (lib/metrics)
  { action: "cloudwatch:GetMetricData", role: "viewer", operations: ["GetMetricData", "QueryMetrics"] },
  {
    action: "cloudwatch:ListMetrics",
    role: "viewer",
    operations: ["QueryMetrics"],
    note: "CloudWatch's PromQL API (QueryMetrics) needs it with GetMetricData: Database Insights on the Insights tab (lib/metrics/promql.ts)",
  },
  { action: "cloudwatch:DescribeAlarms", role: "viewer", operations: ["DescribeAlarms"] },
  { action: "cloudwatch:DescribeAlarmHistory", role: "viewer", operations: ["DescribeAlarmHistory"] },
  { action: "cloudwatch:PutMetricAlarm", role: "operator", operations: ["PutMetricAlarm"] },
  { action: "cloudwatch:PutCompositeAlarm", role: "operator", operations: ["PutCompositeAlarm"], note: "the alarm set's one composite alarm per cluster (lib/metrics/alarm-sets.ts)" },
  { action: "cloudwatch:DeleteAlarms", role: "operator", operations: ["DeleteAlarms"] },
  // CloudWatch dashboards (lib/metrics/dashboards.ts): the preview asks whether one of that name exists
  { action: "cloudwatch:GetDashboard", role: "viewer", operations: ["GetDashboard"] },
  { action: "cloudwatch:PutDashboard", role: "operator", operations: ["PutDashboard"] },
  // SNS topics an alarm notifies (lib/metrics/topics.ts)
  { action: "sns:ListTopics", role: "viewer", operations: ["ListTopics"], note: "lists the topics an alarm can notify; CloudWatch itself publishes to them" },
  { action: "sns:Publish", role: "viewer", operations: ["Publish"], note: "only with DSQL_OPS_ALERT_TOPIC_ARN: the dashboard's own alerts (lib/triage/alerts.ts), on that topic" },
  // AWS Backup (lib/backup)
  { action: "backup:ListBackupVaults", role: "viewer", operations: ["ListBackupVaults"] },
  { action: "backup:ListBackupJobs", role: "viewer", operations: ["ListBackupJobs"] },
  { action: "backup:DescribeBackupJob", role: "viewer", operations: ["DescribeBackupJob"] },
  { action: "backup:ListRecoveryPointsByResource", role: "viewer", operations: ["ListRecoveryPointsByResource"] },
  { action: "backup:ListRecoveryPointsByBackupVault", role: "viewer", operations: ["ListRecoveryPointsByBackupVault"] },
  { action: "backup:ListRestoreJobs", role: "viewer", operations: ["ListRestoreJobs"] },
  { action: "backup:DescribeRestoreJob", role: "viewer", operations: ["DescribeRestoreJob"] },
  { action: "backup:StartBackupJob", role: "operator", operations: ["StartBackupJob"] },
  { action: "backup:StartRestoreJob", role: "operator", operations: ["StartRestoreJob"] },
  { action: "backup:PutRestoreValidationResult", role: "operator", operations: ["PutRestoreValidationResult"], note: "a restore drill reports its verdict on the restore it made" },
  {
    action: "iam:PassRole",
    role: "operator",
    operations: [],
    note: "StartBackupJob and StartRestoreJob pass the role AWS Backup assumes (DSQL_OPS_BACKUP_ROLE_ARN)",
    resource: "arn:aws:iam::*:role/service-role/AWSBackupDefaultServiceRole",
  },
];

interface Statement {
  Effect: "Allow";
  Action: string | string[];
  Resource: string;
}
export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: Statement[];
}

/** The policy for a role: one statement per service for actions on "*", one per narrower resource. */
export function policyFor(role: PolicyRole): PolicyDocument {
  const mine = PERMISSIONS.filter((p) => p.role === role);
  const byService = new Map<string, string[]>();
  const narrow: Statement[] = [];
  for (const p of mine) {
    if (p.resource) narrow.push({ Effect: "Allow", Action: p.action, Resource: p.resource });
    else {
      const service = p.action.split(":")[0];
      byService.set(service, [...(byService.get(service) ?? []), p.action]);
    }
  }
  return { Version: "2012-10-17", Statement: [...[...byService.values()].map((Action) => ({ Effect: "Allow" as const, Action, Resource: "*" })), ...narrow] };
}

/** A policy document as the docs show it: one statement a line. */
export function formatPolicy(doc: PolicyDocument): string {
  const lines = doc.Statement.map((s) => `    ${JSON.stringify(s).replace(/":/g, '": ').replace(/,"/g, ', "').replace(/^\{/, "{ ").replace(/\}$/, " }")}`);
  return `{\n  "Version": "${doc.Version}",\n  "Statement": [\n${lines.join(",\n")}\n  ]\n}`;
}
