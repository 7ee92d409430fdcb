import { randomBytes } from "node:crypto";
import { AwsError } from "../../protocols/errors";
import type { Organization, SeedRole } from "../../scenario/accounts";

/**
 * Who signed a request: the account and principal behind its access key id. Keys the emulator
 * issued (AssumeRole's temporary credentials, "ASIA…") map to the assumed role's account until
 * they expire; any other key belongs to the default account, as a long-term user key (the
 * signature is not checked: the emulator holds no secrets).
 */

export interface Caller {
  account: string;
  /** The principal's ARN: a user for long-term keys, an assumed-role session for temporary ones. */
  arn: string;
  userId: string;
}

interface IssuedKey extends Caller {
  expiresMs: number;
}

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/**
 * Sessions expire on the wall clock, not on the scenario's (possibly sped-up) clock: a client renews
 * its session by comparing Expiration with its own clock, as against AWS, so an hour-long session
 * must last an hour of that clock. A simplification: everything else here runs on the scenario clock.
 */
const sessionNow = () => Date.now();

export class Identities {
  private readonly issued = new Map<string, IssuedKey>();

  constructor(readonly organization: Organization) {}

  /** Sessions issued so far (successful AssumeRole calls): what the benchmark counts. */
  get sessionsIssued(): number {
    return this.issued.size;
  }

  get defaultAccount(): string {
    return this.organization.managementAccountId;
  }

  /** The caller behind an access key id, or the error AWS gives for an unknown or expired temporary key. */
  resolve(accessKeyId: string): Caller {
    const issued = this.issued.get(accessKeyId);
    if (issued) {
      if (issued.expiresMs <= sessionNow()) throw new AwsError("ExpiredTokenException", "The security token included in the request is expired", 403);
      return issued;
    }
    if (accessKeyId.startsWith("ASIA")) throw new AwsError("InvalidClientTokenId", "The security token included in the request is invalid.", 403);
    return { account: this.defaultAccount, arn: `arn:aws:iam::${this.defaultAccount}:user/emulator`, userId: "AIDAEMULATORUSER0001" };
  }

  /** STS AssumeRole: checks the role's trust (account and external id), then issues temporary credentials. */
  assumeRole(caller: Caller, input: Record<string, unknown>) {
    const roleArn = requiredString(input, "RoleArn", 20, 2048);
    const session = requiredString(input, "RoleSessionName", 2, 64);
    if (!SESSION_NAME.test(session)) throw validation(`1 validation error detected: Value '${session}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
    const externalId = input.ExternalId === undefined ? undefined : requiredString(input, "ExternalId", 2, 1224);
    const duration = input.DurationSeconds === undefined ? 3600 : Number(input.DurationSeconds);
    if (!Number.isInteger(duration) || duration < 900 || duration > 43_200) {
      throw validation(`1 validation error detected: Value '${String(input.DurationSeconds)}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`);
    }
    const m = ROLE_ARN.exec(roleArn);
    const role = m && this.role(m[1], m[2]);
    const denied = () => new AwsError("AccessDenied", `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
    if (!m || !role) throw denied();
    if (!role.trustedAccounts.includes(caller.account)) throw denied();
    if (role.externalId !== undefined && role.externalId !== externalId) throw denied();
    if (duration > role.maxSessionS) throw validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    const account = m[1];
    const roleId = `AROA${account.slice(0, 8)}${role.name.toUpperCase().replace(/[^A-Z0-9]/g, "").slice(0, 9).padEnd(9, "X")}`;
    const accessKeyId = `ASIA${randomBytes(8).toString("hex").toUpperCase()}`;
    const expiresMs = sessionNow() + duration * 1000;
    const arn = `arn:aws:sts::${account}:assumed-role/${role.name}/${session}`;
    this.issued.set(accessKeyId, { account, arn, userId: `${roleId}:${session}`, expiresMs });
    return {
      Credentials: { AccessKeyId: accessKeyId, SecretAccessKey: randomBytes(20).toString("base64"), SessionToken: randomBytes(48).toString("base64"), Expiration: new Date(expiresMs) },
      AssumedRoleUser: { AssumedRoleId: `${roleId}:${session}`, Arn: arn },
      PackedPolicySize: 0,
    };
  }

  private role(account: string, name: string): SeedRole | undefined {
    return this.organization.accounts.find((a) => a.id === account && a.status === "ACTIVE")?.roles.find((r) => r.name === name);
  }
}

const validation = (message: string) => new AwsError("ValidationError", message, 400);

function requiredString(input: Record<string, unknown>, name: string, min: number, max: number): string {
  const v = input[name];
  if (v === undefined || v === "") throw new AwsError("MissingParameter", `The request must contain the parameter ${name}.`, 400);
  if (typeof v !== "string" || v.length < min || v.length > max) {
    throw validation(`1 validation error detected: Value at '${name[0].toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must have length between ${min} and ${max}`);
  }
  return v;
}
