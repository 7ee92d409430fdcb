import { formatPolicy, PERMISSIONS, policyFor } from "./permissions";

/** docs/iam.md: the viewer and operator policies and what each permission is for. */
export function iamGuide(): string {
  const notes = PERMISSIONS.filter((p) => p.note).map((p) => `- \`${p.action}\` (${p.role}): ${p.note}.`);
  return `# IAM policies

Generated from \`lib/aws/permissions.ts\`, the list kept beside the calls (\`npx tsx scripts/iam-policies.ts --write\`); a test fails when the code sends an AWS operation that is not in the list, or when the list names one nothing sends.

## Read-only (viewer)

Everything the dashboard reads:

\`\`\`json
${formatPolicy(policyFor("viewer"))}
\`\`\`

\`dsql:DbConnect\` lets the dashboard read \`sys.jobs\` as a custom database role with \`SELECT\` on it (\`DSQL_OPS_DB_ROLE\`); use \`dsql:DbConnectAdmin\` instead if it connects as \`admin\`, the default.

## Operator

The read-only policy plus what the operator actions need (on-demand backup, restore, alarms, index jobs):

\`\`\`json
${formatPolicy(policyFor("operator"))}
\`\`\`

Permissions that no single call of the dashboard names:
${notes.join("\n")}

A restore creates a new cluster through AWS Backup, which needs \`dsql:CreateCluster\` (and \`kms:*\` grants on a customer-managed key, if one is chosen) on the role it passes. A multi-Region restore also needs \`dsql:UpdateCluster\`, \`dsql:AddPeerCluster\` and \`dsql:RemovePeerCluster\`.
`;
}
