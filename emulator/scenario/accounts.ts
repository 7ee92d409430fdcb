import { ACCOUNT_ID, DEV_ACCOUNT, STAGING_ACCOUNT } from "./fleet";

/**
 * The AWS accounts of the emulated organisation. The dashboard runs in the management account
 * (the default account: a request signed with any key the emulator did not issue belongs to it,
 * so single-account use needs no set-up). Member accounts hold a DsqlOpsReadOnly role that trusts
 * the management account with an external id; the sandbox's role is broken on purpose (it trusts
 * another account), for the pages that must show an account they could not read.
 */

export interface SeedRole {
  name: string;
  /** Accounts whose principals may assume the role. */
  trustedAccounts: string[];
  /** The sts:ExternalId the trust policy requires, if any. */
  externalId?: string;
  /** Longest session the role allows, seconds (IAM's MaxSessionDuration). */
  maxSessionS: number;
}

export interface SeedAccount {
  id: string;
  name: string;
  email: string;
  status: "ACTIVE" | "SUSPENDED";
  /** Joined the organisation this many days before the emulator's start. */
  joinedDaysAgo: number;
  roles: SeedRole[];
}

export interface Organization {
  id: string;
  managementAccountId: string;
  accounts: SeedAccount[];
  /** CloudWatch cross-account observability: the source accounts linked to the management (monitoring) account. */
  monitoringSources: string[];
}

export const DEMO_ROLE = "DsqlOpsReadOnly";
export const DEMO_EXTERNAL_ID = "dsql-ops-demo";

const readOnly = (trusted: string[]): SeedRole => ({ name: DEMO_ROLE, trustedAccounts: trusted, externalId: DEMO_EXTERNAL_ID, maxSessionS: 3600 });

export function demoOrganization(extraAccounts: string[] = []): Organization {
  return {
    id: "o-dsqlops1demo",
    managementAccountId: ACCOUNT_ID,
    accounts: [
      { id: ACCOUNT_ID, name: "prod", email: "aws-prod@example.com", status: "ACTIVE", joinedDaysAgo: 900, roles: [readOnly([ACCOUNT_ID])] },
      { id: STAGING_ACCOUNT, name: "staging", email: "aws-staging@example.com", status: "ACTIVE", joinedDaysAgo: 600, roles: [readOnly([ACCOUNT_ID])] },
      { id: DEV_ACCOUNT, name: "dev", email: "aws-dev@example.com", status: "ACTIVE", joinedDaysAgo: 400, roles: [readOnly([ACCOUNT_ID])] },
      // Its role trusts an account that is not the dashboard's: AssumeRole is refused.
      { id: "456789012345", name: "sandbox", email: "aws-sandbox@example.com", status: "ACTIVE", joinedDaysAgo: 120, roles: [readOnly(["999999999999"])] },
      { id: "567890123456", name: "retired", email: "aws-retired@example.com", status: "SUSPENDED", joinedDaysAgo: 1200, roles: [] },
      // A generated fleet's accounts (--accounts K), readable like staging and dev.
      ...extraAccounts.map((id, k): SeedAccount => ({ id, name: `member-${k + 1}`, email: `aws-member-${k + 1}@example.com`, status: "ACTIVE", joinedDaysAgo: 30, roles: [readOnly([ACCOUNT_ID])] })),
    ],
    // The sandbox is not linked: its metrics are refused to the monitoring account.
    monitoringSources: [STAGING_ACCOUNT, DEV_ACCOUNT, ...extraAccounts],
  };
}
