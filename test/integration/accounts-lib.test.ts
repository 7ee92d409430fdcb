import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_EXTERNAL_ID, DEMO_ROLE } from "../../emulator/scenario/accounts";
import { pointLibAt, withEmulator } from "./emulator";

let emu: Awaited<ReturnType<typeof withEmulator>>;
let lib: typeof import("@/lib/aws/accounts");

beforeAll(async () => {
  emu = await withEmulator();
  pointLibAt(emu, "accounts");
  // Discovery through Organizations, the demo role in every member account.
  Object.assign(process.env, { DSQL_OPS_ORG_ROLE_NAME: DEMO_ROLE, DSQL_OPS_ORG_EXTERNAL_ID: DEMO_EXTERNAL_ID });
  lib = await import("@/lib/aws/accounts");
});
afterAll(() => emu.close());

const byName = (name: string) => emu.identities.organization.accounts.find((a) => a.name === name)!;

describe("accounts to watch, through lib/ against the emulator", () => {
  it("finds its own account and the organisation's active accounts, each with the role to assume", async () => {
    const { accounts, problems } = await lib.watchedAccounts();
    expect(problems).toEqual([]);
    expect(accounts.map((a) => [a.name, a.source])).toEqual([
      // The organisation names the dashboard's own account.
      ["prod", "own"],
      ["staging", "organization"],
      ["dev", "organization"],
      ["sandbox", "organization"],
    ]);
    const own = accounts[0];
    expect(own.id).toBe(emu.identities.defaultAccount);
    expect(own.roleArn).toBeUndefined();
    const staging = accounts.find((a) => a.name === "staging")!;
    expect(staging.roleArn).toBe(`arn:aws:iam::${byName("staging").id}:role/${DEMO_ROLE}`);
    expect(staging.externalId).toBe(DEMO_EXTERNAL_ID);
    // The suspended account is not watched.
    expect(accounts.find((a) => a.id === byName("retired").id)).toBeUndefined();
  });

  it("reads a member account through its assumed role, and names the refused permission for the broken one", async () => {
    const { accounts } = await lib.watchedAccounts();
    expect(await lib.checkAccount(accounts.find((a) => a.name === "staging")!)).toBeUndefined();
    const whoStaging = await lib.callerAccount(lib.credentialsFor(accounts.find((a) => a.name === "staging")!));
    expect(whoStaging).toBe(byName("staging").id);
    const problem = await lib.checkAccount(accounts.find((a) => a.name === "sandbox")!);
    expect(problem?.message).toMatch(/sts:AssumeRole on arn:aws:iam::\d{12}:role\/DsqlOpsReadOnly/);
    expect(problem?.message).toMatch(/AWS denied access: the dashboard's role needs sts:AssumeRole/);
  });

  it("shares one credentials provider per role, so the SDK caches and renews the session", async () => {
    const { accounts } = await lib.watchedAccounts();
    const dev = accounts.find((a) => a.name === "dev")!;
    expect(lib.credentialsFor(dev)).toBe(lib.credentialsFor({ ...dev }));
    const first = await lib.credentialsFor(dev)!();
    const again = await lib.credentialsFor(dev)!();
    expect(again.accessKeyId).toBe(first.accessKeyId);
    expect(first.expiration!.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
  });
});
