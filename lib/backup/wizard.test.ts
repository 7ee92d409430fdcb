import { describe, expect, it } from "vitest";
import { draftFromOptions, draftToOptions, firstInvalidStep, initialDraft, optionErrors, tagErrors, validateStep, WIZARD_STEPS, type WizardContext, type WizardDraft } from "./wizard";

const ID = "abcdefghijklmnopqrstuvwxyz";
const ctx: WizardContext = {
  account: "123456789012",
  region: "us-east-1",
  sourceIdentifier: ID,
  sourceName: "orders-prod",
  peerRegions: ["us-east-2"],
  witnessRegion: "us-west-2",
  points: [
    { arn: "rp-new", status: "COMPLETED", createdAt: "2026-11-25T07:00:00.000Z", copyRegions: [] },
    { arn: "rp-old", status: "COMPLETED", createdAt: "2026-11-24T07:00:00.000Z", copyRegions: ["us-east-2"] },
    { arn: "rp-running", status: "CREATING", createdAt: "2026-11-25T11:00:00.000Z", copyRegions: [] },
  ],
};
const KEY = (region: string) => `arn:aws:kms:${region}:123456789012:key/1a2b3c4d-1111-2222-3333-444455556666`;
const draft = (over: Partial<WizardDraft> = {}): WizardDraft => ({ ...initialDraft(ctx, new Date("2026-11-25T12:00:00Z")), acknowledged: true, ...over });

describe("restore wizard steps", () => {
  it("runs about → point → options → review → confirm", () => {
    expect(WIZARD_STEPS.map((s) => s.id)).toEqual(["about", "point", "options", "review", "confirm"]);
  });

  it("starts from the newest completed point, protection on, and a new Name so the copy does not pose as the source", () => {
    const d = initialDraft(ctx, new Date("2026-11-25T12:00:00Z"));
    expect(d.recoveryPointArn).toBe("rp-new");
    expect(d.deletionProtection).toBe(true);
    expect(d.tags).toEqual([{ key: "Name", value: "orders-prod-restore-20261125" }]);
    expect(d.peerRegion).toBe("us-east-2");
    expect(d.witnessRegion).toBe("us-west-2");
  });

  it("will not go past the explanation until it is acknowledged", () => {
    expect(validateStep("about", draft({ acknowledged: false }), ctx).acknowledged).toMatch(/new cluster/);
    expect(firstInvalidStep(draft({ acknowledged: false }), ctx)).toBe("about");
  });

  it("needs a COMPLETED point of this cluster, and for multi-region one copied to the peer region", () => {
    expect(validateStep("point", draft({ recoveryPointArn: "" }), ctx).recoveryPointArn).toMatch(/Choose/);
    expect(validateStep("point", draft({ recoveryPointArn: "rp-running" }), ctx).recoveryPointArn).toMatch(/CREATING/);
    expect(validateStep("point", draft({ recoveryPointArn: "someone-elses" }), ctx).recoveryPointArn).toMatch(/not one of/);
    expect(validateStep("point", draft({ multiRegion: true, recoveryPointArn: "rp-new" }), ctx).recoveryPointArn).toMatch(/identical copy .* us-east-2/);
    expect(validateStep("point", draft({ multiRegion: true, recoveryPointArn: "rp-old" }), ctx)).toEqual({});
  });

  it("checks KMS keys against the region each cluster will live in", () => {
    expect(validateStep("options", draft({ kmsKeyArn: KEY("us-east-1") }), ctx)).toEqual({});
    expect(validateStep("options", draft({ kmsKeyArn: KEY("eu-west-1") }), ctx).kmsKeyArn).toMatch(/in eu-west-1; the cluster in us-east-1/);
    expect(validateStep("options", draft({ kmsKeyArn: "my-key" }), ctx).kmsKeyArn).toMatch(/KMS key ARN/);
    expect(validateStep("options", draft({ multiRegion: true, peerKmsKeyArn: KEY("us-east-1") }), ctx).peerKmsKeyArn).toMatch(/us-east-2/);
  });

  it("keeps a multi-region restore inside one continent group with a distinct witness", () => {
    expect(validateStep("options", draft({ multiRegion: true }), ctx)).toEqual({});
    expect(validateStep("options", draft({ multiRegion: true, peerRegion: "eu-west-1" }), ctx).peerRegion).toMatch(/continent group/);
    expect(validateStep("options", draft({ multiRegion: true, witnessRegion: "us-east-2" }), ctx).witnessRegion).toMatch(/differs/);
    expect(optionErrors(draftToOptions(draft({ multiRegion: true })), { region: "us-east-1", peerRegions: [] }).multiRegion).toMatch(/multi-region cluster/);
  });

  it("validates tags the way DSQL does", () => {
    expect(tagErrors([{ key: "aws:x", value: "" }])["tags.0.key"]).toMatch(/reserved/);
    expect(tagErrors([{ key: "team", value: "a" }, { key: "team", value: "b" }])["tags.1.key"]).toMatch(/twice/);
    expect(tagErrors([{ key: "", value: "x" }])["tags.0.key"]).toMatch(/needs a key/);
    expect(tagErrors([{ key: "k", value: "x".repeat(257) }])["tags.0.value"]).toMatch(/256/);
    expect(tagErrors(Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: "" }))).tags).toMatch(/50/);
    expect(tagErrors([{ key: "cost-center", value: "ops/42 @eu" }])).toEqual({});
  });

  it("confirms only with the source cluster's exact identifier", () => {
    expect(validateStep("confirm", draft({ confirmText: "orders-prod" }), ctx).confirmText).toContain(ID);
    expect(validateStep("confirm", draft({ confirmText: ID.toUpperCase() }), ctx).confirmText).toBeDefined();
    expect(validateStep("confirm", draft({ confirmText: ` ${ID} ` }), ctx)).toEqual({});
    expect(firstInvalidStep(draft({ confirmText: ID }), ctx)).toBeUndefined();
    expect(firstInvalidStep(draft(), ctx, "review")).toBeUndefined();
  });

  it("rebuilds the same draft from a stored request's options", () => {
    const d = draft({ kmsKeyArn: KEY("us-east-1"), multiRegion: true, recoveryPointArn: "rp-old", tags: [{ key: "team", value: "x" }] });
    expect(draftToOptions(draftFromOptions(ctx, "rp-old", draftToOptions(d)))).toEqual(draftToOptions(d));
    expect(draftFromOptions(ctx, "rp-old", draftToOptions(d))).toMatchObject({ acknowledged: true, recoveryPointArn: "rp-old", confirmText: "" });
  });

  it("turns the draft into the options the server receives", () => {
    const o = draftToOptions(draft({ kmsKeyArn: ` ${KEY("us-east-1")} `, tags: [{ key: " team ", value: "x" }, { key: "", value: "" }], multiRegion: true }));
    expect(o).toEqual({ deletionProtection: true, kmsKeyArn: KEY("us-east-1"), copySourceTags: true, tags: { team: "x" }, multiRegion: { peerRegion: "us-east-2", witnessRegion: "us-west-2", peerDeletionProtection: true, peerKmsKeyArn: undefined } });
  });
});
