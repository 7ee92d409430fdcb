/**
 * Production readiness of a DSQL cluster, pure: facts in (read by lib/readiness/index.ts), one
 * result per check out, each with its evidence and a one-line fix. A fact that could not be read
 * makes its check "unknown" and names the missing permission: a check never passes by default.
 */

export type CheckState = "pass" | "fail" | "unknown" | "na";

export const CHECKS = {
  deletionProtection: "Deletion protection on",
  encryption: "Encrypted with a customer-managed key",
  backupFresh: "Last good backup fresh",
  drill: "Last restore drill passed",
  vpcEndpoint: "A VPC endpoint for the cluster's endpoint service",
  policy: "A resource policy restricts where connections come from",
  streams: "CDC streams healthy",
  connections: "Connection headroom",
  storage: "Storage headroom",
  clusterQuota: "Cluster quota headroom",
  multiRegion: "Multi-Region for a critical cluster",
} as const;
export type CheckId = keyof typeof CHECKS;

export interface CheckResult {
  id: CheckId;
  title: string;
  state: CheckState;
  evidence: string;
  /** What to do when it does not pass. */
  fix: string;
  /** The IAM permission whose lack made the check unknown. */
  permission?: string;
  /** Another source's verdict on the same question (AWS Config's managed rule), shown beside the check's own; it never changes the state. */
  secondOpinion?: { source: string; text: string; agrees?: boolean; permission?: string };
}

/** A fact that could not be read, and why. */
export interface Unreadable {
  error: string;
  permission?: string;
}
type Fact<T> = T | Unreadable;
const unreadable = <T>(f: Fact<T>): f is Unreadable => typeof f === "object" && f !== null && "error" in f;

export interface ReadinessFacts {
  cluster: { name: string; deletionProtectionEnabled: boolean; encryptionType: string; peers: number; tags: Record<string, string>; status?: string };
  /** Whether this account requires customer-managed keys (DSQL_OPS_REQUIRE_CMK). */
  requireCmk: boolean;
  /** The tag that marks a cluster critical (key=value), when configured. */
  criticalTag?: { key: string; value: string };
  backup: Fact<{ lastGoodAt: number | null; staleHours: number }>;
  drill: Fact<{ lastAt: number; passed: boolean; summary: string } | null>;
  vpcEndpoint: Fact<{ serviceName: string; available: number }>;
  policy: Fact<{ document: string | null }>;
  streams: Fact<{ name: string; status: string; statusReason?: string }[]>;
  /** The most connections open at once over the last day, against DSQL's limit per cluster. */
  connections: Fact<{ peak: number | null; limit: number }>;
  /** The largest the cluster was over the last day, against its size quota. */
  storage: Fact<{ bytes: number | null; limitBytes: number; applied: boolean }>;
  /** Clusters of the account in the Region against its quotas (Service Quotas' applied values, or AWS's defaults when it lists none). */
  clusterQuota: Fact<{ single: QuotaUse; multi: QuotaUse; applied: boolean }>;
  /** AWS Config's DSQL managed rules in the account and Region, and their verdicts on this cluster. */
  config: Fact<{ rules: Partial<Record<"deletionProtection" | "multiRegion", string>>; verdicts: Partial<Record<"deletionProtection" | "multiRegion", string>>; recording?: boolean }>;
  nowMs: number;
}

export interface QuotaUse {
  used: number;
  limit: number;
}

/** Headroom checks fail at this share of a limit: room to ask for more before it is reached. */
export const HEADROOM_PCT = 80;

const HOUR_MS = 3_600_000;
/** DSQL's CloudWatch page lists no per-stream metric (read 2026-12-04): lag and stream DPUs cannot be shown yet. */
const NO_STREAM_METRICS = "No per-stream lag or DPU metric is documented for DSQL CDC (CloudWatch lists none as of 2026-12-04); a stream's DPUs are in the cluster's.";

/** Does the policy deny connections that do not come from chosen VPCs or VPC endpoints? */
export function restrictsNetwork(document: string): boolean {
  let doc: { Statement?: unknown };
  try {
    doc = JSON.parse(document) as { Statement?: unknown };
  } catch {
    return false;
  }
  const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  return statements.some((s: { Effect?: string; Condition?: Record<string, Record<string, unknown>> }) => {
    if (s.Effect !== "Deny" || !s.Condition) return false;
    return Object.entries(s.Condition).some(([op, keys]) => /^StringNotEquals/.test(op) && Object.keys(keys ?? {}).some((k) => /^aws:(SourceVpce?|SourceVpc)$/i.test(k)));
  });
}

function result(id: CheckId, state: CheckState, evidence: string, fix: string, permission?: string): CheckResult {
  return { id, title: CHECKS[id], state, evidence, fix, ...(permission && { permission }) };
}

function fromFact<T>(id: CheckId, fact: Fact<T>, fix: string, judge: (v: T) => CheckResult): CheckResult {
  if (unreadable(fact)) return result(id, "unknown", `Could not be read: ${fact.error}`, fact.permission ? `Grant ${fact.permission} to the dashboard's role` : fix, fact.permission);
  return judge(fact);
}

const pctOf = (used: number, limit: number) => (limit > 0 ? (100 * used) / limit : 100);
const count = (n: number) => n.toLocaleString("en-US");

/**
 * AWS Config's verdict on what a check also judges: whether it agrees with what DSQL reports now
 * (Config evaluates some minutes after a change, so a fresh change can disagree for a while).
 */
function configOpinion(f: ReadinessFacts, kind: "deletionProtection" | "multiRegion", holds: boolean): CheckResult["secondOpinion"] {
  const source = "AWS Config";
  if (unreadable(f.config)) return { source, text: `Could not be read: ${f.config.error}`, ...(f.config.permission && { permission: f.config.permission }) };
  const rule = f.config.rules[kind];
  if (!Object.keys(f.config.rules).length) {
    return { source, text: f.config.recording ? "AWS Config runs here without its managed rules for DSQL." : "Not enabled here: AWS Config records nothing in this account and Region." };
  }
  if (!rule) return { source, text: "This account's Config has no rule for this check here." };
  const verdict = f.config.verdicts[kind];
  if (!verdict) return { source, text: `Rule ${rule} has not evaluated this cluster yet.` };
  const agrees = verdict === "COMPLIANT" ? holds : verdict === "NON_COMPLIANT" ? !holds : undefined;
  return { source, agrees, text: `Rule ${rule}: ${verdict}${agrees === false ? ", unlike DSQL's current setting (Config evaluates after a change)" : ""}.` };
}

export function readinessChecks(f: ReadinessFacts): CheckResult[] {
  const c = f.cluster;
  const out: CheckResult[] = [];
  out.push({
    ...(c.deletionProtectionEnabled
      ? result("deletionProtection", "pass", "Deletion protection is on.", "")
      : result("deletionProtection", "fail", "Deletion protection is off: one DeleteCluster call removes the cluster.", "aws dsql update-cluster --identifier <id> --deletion-protection-enabled")),
    secondOpinion: configOpinion(f, "deletionProtection", c.deletionProtectionEnabled),
  });
  const cmk = c.encryptionType === "CUSTOMER_MANAGED_KMS_KEY";
  out.push(
    cmk
      ? result("encryption", "pass", "Encrypted with a customer-managed KMS key.", "")
      : f.requireCmk
        ? result(
            "encryption",
            "fail",
            `Encrypted with ${c.encryptionType === "AWS_OWNED_KMS_KEY" ? "an AWS-owned key" : c.encryptionType}; this account requires a customer-managed key.`,
            "Update the cluster's encryption to a customer-managed KMS key (UpdateCluster --kms-encryption-key)",
          )
        : result("encryption", "na", "Encrypted with an AWS-owned key; a customer-managed key is not required here (DSQL_OPS_REQUIRE_CMK).", ""),
  );
  out.push(
    fromFact("backupFresh", f.backup, "Start an on-demand backup and check the backup plan", (b) => {
      if (b.lastGoodAt === null) return result("backupFresh", "fail", "No completed backup.", "Cover the cluster with an AWS Backup plan, or start an on-demand backup");
      const ageH = (f.nowMs - b.lastGoodAt) / HOUR_MS;
      return ageH <= b.staleHours
        ? result("backupFresh", "pass", `Last good backup ${Math.round(ageH)} h ago (within ${b.staleHours} h).`, "")
        : result("backupFresh", "fail", `Last good backup ${Math.round(ageH)} h ago, older than ${b.staleHours} h.`, "Check the backup plan's schedule and its last jobs");
    }),
  );
  out.push(
    fromFact("drill", f.drill, "Schedule a restore drill", (d) =>
      d === null
        ? result("drill", "fail", "No restore drill has run: a restore that was never tried is a hope, not a plan.", "Schedule a restore drill for the cluster")
        : d.passed
          ? result("drill", "pass", d.summary, "")
          : result("drill", "fail", d.summary, "Open the failed drill: its checks say what the restored copy lacked"),
    ),
  );
  out.push(
    fromFact("vpcEndpoint", f.vpcEndpoint, "Create an interface VPC endpoint", (v) =>
      v.available > 0
        ? result("vpcEndpoint", "pass", `${v.available} available VPC endpoint${v.available === 1 ? "" : "s"} for ${v.serviceName}.`, "")
        : result("vpcEndpoint", "fail", `No VPC endpoint for ${v.serviceName}: applications reach the cluster over its public endpoint.`, `Create an interface VPC endpoint for ${v.serviceName}`),
    ),
  );
  out.push(
    fromFact("policy", f.policy, "Add a resource policy", (p) =>
      p.document === null
        ? result(
            "policy",
            "fail",
            "No resource policy: the cluster accepts connections from anywhere (authenticated by IAM).",
            "Put a policy that denies dsql:DbConnect* unless aws:SourceVpce (or aws:SourceVpc) is yours",
          )
        : restrictsNetwork(p.document)
          ? result("policy", "pass", "The policy denies connections that do not come from the chosen VPCs or VPC endpoints.", "")
          : result("policy", "fail", "The policy does not deny connections from outside chosen VPCs or VPC endpoints.", "Add a Deny statement with StringNotEquals on aws:SourceVpce or aws:SourceVpc"),
    ),
  );
  out.push(
    fromFact("streams", f.streams, "Check the stream's Kinesis target", (ss) => {
      if (!ss.length) return result("streams", "na", "No CDC stream.", "");
      const bad = ss.filter((s) => s.status === "IMPAIRED" || s.status === "FAILED");
      return bad.length
        ? result(
            "streams",
            "fail",
            bad.map((s) => `${s.name} is ${s.status}${s.statusReason ? `: ${s.statusReason}` : ""}`).join("; "),
            "Fix the stream's target (the Kinesis stream and the role DSQL writes with), then check it returns to ACTIVE",
          )
        : result("streams", "pass", `${ss.length} stream${ss.length === 1 ? "" : "s"}: ${ss.map((s) => `${s.name} ${s.status}`).join(", ")}. ${NO_STREAM_METRICS}`, "");
    }),
  );
  out.push(
    fromFact("connections", f.connections, "Check the connection metrics", (k) => {
      if (k.peak === null) return result("connections", "pass", `No connections in the last day (limit ${k.limit.toLocaleString("en-US")} per cluster).`, "");
      const pct = (100 * k.peak) / k.limit;
      return pct < 80
        ? result("connections", "pass", `At most ${k.peak.toLocaleString("en-US")} connections at once in the last day, ${pct.toFixed(1)} % of ${k.limit.toLocaleString("en-US")}.`, "")
        : result(
            "connections",
            "fail",
            `${k.peak.toLocaleString("en-US")} connections at once in the last day, ${pct.toFixed(0)} % of the ${k.limit.toLocaleString("en-US")} a cluster allows.`,
            "Pool connections in the application (and close idle ones)",
          );
    }),
  );
  out.push(
    fromFact("storage", f.storage, "Check the storage metric", (s) => {
      const limit = `the ${count(s.limitBytes / 1e9)} GB cluster size quota${s.applied ? "" : " (AWS's default)"}`;
      if (s.bytes === null) return result("storage", "pass", `No storage datapoint in the last day (${limit}).`, "");
      const pct = pctOf(s.bytes, s.limitBytes);
      const size = `${(s.bytes / 1e9).toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 })} GB`;
      return pct < HEADROOM_PCT
        ? result("storage", "pass", `At most ${size} in the last day, ${pct.toFixed(1)} % of ${limit}.`, "")
        : result(
            "storage",
            "fail",
            `${size}, ${pct.toFixed(0)} % of ${limit}: writes fail with DISK_FULL at the limit.`,
            "Request a larger Cluster size quota in Service Quotas (up to 256 TiB), or delete data",
          );
    }),
  );
  out.push(
    fromFact("clusterQuota", f.clusterQuota, "Check the account's DSQL quotas in Service Quotas", (q) => {
      const kinds = [
        { name: "single-Region", use: q.single, quota: "Single-Region clusters" },
        { name: "multi-Region", use: q.multi, quota: "Multi-Region clusters" },
      ];
      const text = `${kinds.map((k) => `${count(k.use.used)} of ${count(k.use.limit)} ${k.name} clusters`).join(", ")} in this account and Region (${q.applied ? "applied quotas" : "AWS's default quotas: Service Quotas listed none"}).`;
      const tight = kinds.filter((k) => pctOf(k.use.used, k.use.limit) >= HEADROOM_PCT);
      return tight.length
        ? result(
            "clusterQuota",
            "fail",
            `${text} CreateCluster fails with ServiceQuotaExceededException at the quota.`,
            `Request an increase of ${tight.map((k) => k.quota).join(" and ")} in Service Quotas`,
          )
        : result("clusterQuota", "pass", text, "");
    }),
  );
  const critical = f.criticalTag && c.tags[f.criticalTag.key] === f.criticalTag.value;
  out.push({
    ...(!critical
      ? result("multiRegion", "na", f.criticalTag ? `Not tagged ${f.criticalTag.key}=${f.criticalTag.value}.` : "No critical tag configured (DSQL_OPS_CRITICAL_TAG).", "")
      : c.peers > 0
        ? result("multiRegion", "pass", `Tagged critical and peered with ${c.peers} other Region${c.peers === 1 ? "" : "s"}.`, "")
        : result("multiRegion", "fail", "Tagged critical but in one Region: a Regional outage takes it down.", "Create a multi-Region peer (and a witness Region)")),
    // Config's rule also wants the cluster ACTIVE: an IDLE peered cluster is NON_COMPLIANT there, and that agrees.
    secondOpinion: configOpinion(f, "multiRegion", c.peers > 0 && (c.status ?? "ACTIVE") === "ACTIVE"),
  });
  return out;
}

/** The scorecard's headline: passed of the checks that apply, and whether any is unknown. */
export function readinessScore(results: CheckResult[]): { passed: number; applicable: number; unknown: number; failed: number } {
  const applicable = results.filter((r) => r.state !== "na");
  return {
    passed: applicable.filter((r) => r.state === "pass").length,
    applicable: applicable.length,
    unknown: applicable.filter((r) => r.state === "unknown").length,
    failed: applicable.filter((r) => r.state === "fail").length,
  };
}
