import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { iamGuide } from "./iam-guide";
import { PERMISSIONS, policyFor } from "./permissions";

const ROOT = path.resolve(__dirname, "../..");
/** The folders that may call AWS (eslint's no-restricted-imports keeps the SDK out of the rest). */
const SERVICE_DIRS = ["lib/aws", "lib/dsql", "lib/backup", "lib/metrics", "lib/cost"];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.tsx?$/.test(name) && !name.endsWith(".test.ts") ? [full] : [];
  });
}

/** The AWS operations the code sends: SDK commands, paginators and the DSQL signer's token methods. */
function operationsSent(): Set<string> {
  const sent = new Set<string>();
  for (const file of SERVICE_DIRS.flatMap((d) => sources(path.join(ROOT, d)))) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/new ([A-Z][A-Za-z]+)Command\(/g)) sent.add(m[1]);
    for (const m of text.matchAll(/\bpaginate([A-Z][A-Za-z]+)\(/g)) sent.add(m[1]);
    for (const m of text.matchAll(/\.(getDbConnect(?:Admin)?AuthToken)\(/g)) sent.add(m[1]);
    // Calls without an SDK command (CloudWatch's PromQL API) name their operation where they are counted.
    for (const m of text.matchAll(/recordUsage\("[a-z]+", "([A-Z][A-Za-z]+)"/g)) sent.add(m[1]);
  }
  return sent;
}

describe("IAM permissions", () => {
  it("lists every AWS operation the code sends, and none that nothing sends", () => {
    const sent = operationsSent();
    const listed = new Set(PERMISSIONS.flatMap((p) => p.operations));
    expect(sent.size).toBeGreaterThan(15);
    expect([...sent].filter((op) => !listed.has(op))).toEqual([]);
    expect([...listed].filter((op) => !sent.has(op))).toEqual([]);
  });

  it("explains every permission that no call names", () => {
    for (const p of PERMISSIONS) if (!p.operations.length) expect(p.note, p.action).toBeTruthy();
  });

  it("keeps reads in the viewer policy and changes in the operator's", () => {
    const viewer = JSON.stringify(policyFor("viewer"));
    for (const action of ["cloudwatch:PutMetricAlarm", "backup:StartRestoreJob", "dsql:TagResource", "iam:PassRole"]) expect(viewer).not.toContain(action);
    expect(JSON.stringify(policyFor("operator"))).toContain("backup:StartRestoreJob");
  });

  it("docs/iam.md is the generated guide (npx tsx scripts/iam-policies.ts --write)", () => {
    const doc = readFileSync(path.join(ROOT, "docs/iam.md"), "utf8");
    expect(doc).toBe(iamGuide());
    for (const block of doc.matchAll(/```json\n([\s\S]*?)```/g)) expect(() => JSON.parse(block[1])).not.toThrow();
  });
});

describe("the member-account role (deploy/member-account-role.yaml)", () => {
  it("grants what the dashboard needs in a member account, and nothing the code does not send", () => {
    const template = readFileSync(path.join(ROOT, "deploy/member-account-role.yaml"), "utf8");
    const granted = new Set([...template.matchAll(/\b((?:dsql|cloudwatch|backup|iam|sns|ec2|config|servicequotas):[A-Za-z]+)\b/g)].map((m) => m[1]));
    // The organisation-level calls, the price list and the bill are read from the dashboard's own account, not in members.
    const needed = PERMISSIONS.filter((p) => !/^(sts|organizations|pricing|ce):/.test(p.action)).map((p) => p.action);
    expect([...granted].sort()).toEqual([...new Set(needed)].sort());
  });
});
