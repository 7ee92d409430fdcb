import { describe, expect, it } from "vitest";
import { buildStartRestoreJobInput, continentGroupOf, restoreMetadata, type RestoreOptions } from "./restore-input";

const base: RestoreOptions = { deletionProtection: true, copySourceTags: true, tags: { Name: "x" } };
const POINT = "arn:aws:dsql:us-east-1:123456789012:cluster/abcdefghijklmnopqrstuvwxyz/backup/b-1";
const ROLE = "arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole";

describe("StartRestoreJob input for a DSQL restore", () => {
  it("single-region: the documented regionalConfig, JSON-encoded as a string, and nothing else", () => {
    const input = buildStartRestoreJobInput({ region: "us-east-1", recoveryPointArn: POINT, iamRoleArn: ROLE, idempotencyToken: "tok-1", options: { ...base, kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/1a2b3c4d-1111-2222-3333-444455556666" } });
    expect(input).toEqual({
      RecoveryPointArn: POINT,
      IamRoleArn: ROLE,
      IdempotencyToken: "tok-1",
      CopySourceTagsToRestoredResource: true,
      Metadata: { regionalConfig: '[{"region":"us-east-1","isDeletionProtectionEnabled":true,"kmsKeyId":"arn:aws:kms:us-east-1:123456789012:key/1a2b3c4d-1111-2222-3333-444455556666"}]' },
    });
    // Every metadata value is a string, as the API's map<string,string> requires.
    expect(Object.values(input.Metadata!).every((v) => typeof v === "string")).toBe(true);
  });

  it("leaves kmsKeyId out for an AWS-owned key and keeps deletion protection off when asked", () => {
    expect(JSON.parse(restoreMetadata("eu-west-1", { ...base, deletionProtection: false }).regionalConfig)).toEqual([{ region: "eu-west-1", isDeletionProtectionEnabled: false }]);
  });

  it("does not send tags: StartRestoreJob has no Tags member (they are applied to the new cluster later)", () => {
    const input = buildStartRestoreJobInput({ region: "us-east-1", recoveryPointArn: POINT, iamRoleArn: ROLE, idempotencyToken: "t", options: { ...base, tags: { team: "x" } } });
    expect(JSON.stringify(input)).not.toContain("team");
  });

  it("multi-region: orchestration flag, witness, peer list and one regionalConfig entry per cluster region", () => {
    const m = restoreMetadata("us-east-1", { ...base, multiRegion: { peerRegion: "us-east-2", witnessRegion: "us-west-2", peerDeletionProtection: false, peerKmsKeyArn: "arn:aws:kms:us-east-2:123456789012:key/1a2b3c4d-1111-2222-3333-444455556666" } });
    expect(Object.keys(m).sort()).toEqual(["peerRegion", "regionalConfig", "useMultiRegionOrchestration", "witnessRegion"]);
    expect(m.useMultiRegionOrchestration).toBe("true");
    expect(m.witnessRegion).toBe("us-west-2");
    expect(JSON.parse(m.peerRegion)).toEqual(["us-east-2"]);
    expect(JSON.parse(m.regionalConfig)).toEqual([
      { region: "us-east-1", isDeletionProtectionEnabled: true },
      { region: "us-east-2", isDeletionProtectionEnabled: false, kmsKeyId: "arn:aws:kms:us-east-2:123456789012:key/1a2b3c4d-1111-2222-3333-444455556666" },
    ]);
  });

  it("knows the continent groups a multi-region restore must stay in", () => {
    expect(continentGroupOf("us-west-2")).toBe("Americas");
    expect(continentGroupOf("eu-west-1")).toBe("Europe");
    expect(continentGroupOf("ap-northeast-3")).toBe("Asia-Pacific");
    expect(continentGroupOf("sa-east-1")).toBeUndefined();
  });
});
