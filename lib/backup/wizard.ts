import { continentGroupOf, type RestoreOptions } from "./restore-input";

/**
 * The restore wizard's steps and validation, pure so the client component and the server route
 * check the same rules (the server re-checks everything; the browser only helps the person).
 */

export const WIZARD_STEPS = [
  { id: "about", title: "What a restore does" },
  { id: "point", title: "Recovery point" },
  { id: "options", title: "New cluster" },
  { id: "review", title: "Review" },
  { id: "confirm", title: "Confirm" },
] as const;
export type StepId = (typeof WIZARD_STEPS)[number]["id"];

export interface WizardPoint {
  arn: string;
  status: string;
  createdAt: string;
  sizeBytes?: number;
  /** Regions holding an identical copy (same resource and creation time), for a multi-region restore. */
  copyRegions: string[];
}

export interface WizardContext {
  account: string;
  region: string;
  sourceIdentifier: string;
  sourceName: string;
  /** Regions of the source's peers; empty for a single-region cluster. */
  peerRegions: string[];
  witnessRegion?: string;
  points: WizardPoint[];
}

export interface TagRow {
  key: string;
  value: string;
}

export interface WizardDraft {
  acknowledged: boolean;
  recoveryPointArn: string;
  deletionProtection: boolean;
  /** Empty: an AWS-owned key. */
  kmsKeyArn: string;
  copySourceTags: boolean;
  tags: TagRow[];
  multiRegion: boolean;
  peerRegion: string;
  witnessRegion: string;
  peerDeletionProtection: boolean;
  peerKmsKeyArn: string;
  confirmText: string;
}

export type FieldErrors = Partial<Record<string, string>>;

const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):\d{12}:key\/(mrk-[0-9a-f]{32}|[0-9a-f-]{36})$/;
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
export const MAX_TAGS = 50;

/** A sensible first draft: the newest completed point, deletion protection on (the service's default). */
export function initialDraft(ctx: WizardContext, today = new Date()): WizardDraft {
  const newest = ctx.points.filter((p) => p.status === "COMPLETED").sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  return {
    acknowledged: false,
    recoveryPointArn: newest?.arn ?? "",
    deletionProtection: true,
    kmsKeyArn: "",
    copySourceTags: true,
    // Without a new Name tag, copied tags would give the restored cluster the source's name.
    tags: [{ key: "Name", value: `${ctx.sourceName}-restore-${today.toISOString().slice(0, 10).replace(/-/g, "")}` }],
    multiRegion: false,
    peerRegion: ctx.peerRegions[0] ?? "",
    witnessRegion: ctx.witnessRegion ?? "",
    peerDeletionProtection: true,
    peerKmsKeyArn: "",
    confirmText: "",
  };
}

function kmsError(arn: string | undefined, region: string): string | undefined {
  if (!arn) return undefined;
  const m = KMS_KEY_ARN.exec(arn);
  if (!m) return "Enter a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), or leave it empty for an AWS-owned key";
  if (m[1] !== region) return `The key is in ${m[1]}; the cluster in ${region} needs a key in ${region}`;
  return undefined;
}

export function tagErrors(rows: TagRow[]): FieldErrors {
  const errors: FieldErrors = {};
  if (rows.length > MAX_TAGS) errors.tags = `A cluster can have at most ${MAX_TAGS} tags`;
  const seen = new Set<string>();
  rows.forEach((t, i) => {
    const key = t.key.trim();
    if (!key) errors[`tags.${i}.key`] = "A tag needs a key";
    else if (key.length > 128) errors[`tags.${i}.key`] = "Tag keys are at most 128 characters";
    else if (/^aws:/i.test(key)) errors[`tags.${i}.key`] = "Keys starting with aws: are reserved";
    else if (!TAG_CHARS.test(key)) errors[`tags.${i}.key`] = "Use letters, digits, spaces and _ . : / = + - @";
    else if (seen.has(key)) errors[`tags.${i}.key`] = `The key ${key} is used twice`;
    seen.add(key);
    if (t.value.length > 256) errors[`tags.${i}.value`] = "Tag values are at most 256 characters";
    else if (!TAG_CHARS.test(t.value)) errors[`tags.${i}.value`] = "Use letters, digits, spaces and _ . : / = + - @";
  });
  return errors;
}

/** The new cluster's options, as the server receives them. */
export function optionErrors(o: RestoreOptions, ctx: Pick<WizardContext, "region" | "peerRegions">): FieldErrors {
  const errors: FieldErrors = { ...tagErrors(Object.entries(o.tags).map(([key, value]) => ({ key, value }))) };
  const kms = kmsError(o.kmsKeyArn, ctx.region);
  if (kms) errors.kmsKeyArn = kms;
  const m = o.multiRegion;
  if (m) {
    const group = continentGroupOf(ctx.region);
    if (!ctx.peerRegions.length) errors.multiRegion = "Only a multi-region cluster's backup is restored as a multi-region cluster here";
    if (!m.peerRegion || m.peerRegion === ctx.region) errors.peerRegion = "Choose a peer region other than the restore's region";
    else if (continentGroupOf(m.peerRegion) !== group) errors.peerRegion = `The peer region must be in the same continent group as ${ctx.region}`;
    if (!m.witnessRegion || m.witnessRegion === ctx.region || m.witnessRegion === m.peerRegion) errors.witnessRegion = "Choose a witness region that differs from both cluster regions";
    else if (continentGroupOf(m.witnessRegion) !== group) errors.witnessRegion = `The witness region must be in the same continent group as ${ctx.region}`;
    const peerKms = m.peerRegion ? kmsError(m.peerKmsKeyArn, m.peerRegion) : undefined;
    if (peerKms) errors.peerKmsKeyArn = peerKms;
  }
  return errors;
}

export function pointErrors(arn: string, ctx: WizardContext, peerRegion?: string): FieldErrors {
  if (!arn) return { recoveryPointArn: "Choose a recovery point" };
  const p = ctx.points.find((x) => x.arn === arn);
  if (!p) return { recoveryPointArn: "That recovery point is not one of this cluster's" };
  if (p.status !== "COMPLETED") return { recoveryPointArn: `That recovery point is ${p.status}; only COMPLETED ones can be restored` };
  if (peerRegion && !p.copyRegions.includes(peerRegion)) {
    return { recoveryPointArn: `A multi-region restore needs an identical copy of this recovery point in ${peerRegion}; copy it there first, or restore a single-region cluster` };
  }
  return {};
}

export function draftToOptions(d: WizardDraft): RestoreOptions {
  return {
    deletionProtection: d.deletionProtection,
    kmsKeyArn: d.kmsKeyArn.trim() || undefined,
    copySourceTags: d.copySourceTags,
    tags: Object.fromEntries(d.tags.filter((t) => t.key.trim()).map((t) => [t.key.trim(), t.value])),
    multiRegion: d.multiRegion ? { peerRegion: d.peerRegion, witnessRegion: d.witnessRegion, peerDeletionProtection: d.peerDeletionProtection, peerKmsKeyArn: d.peerKmsKeyArn.trim() || undefined } : undefined,
  };
}

/** A stored request's options back in the wizard (after a reload), ready to confirm. */
export function draftFromOptions(ctx: WizardContext, recoveryPointArn: string, o: RestoreOptions): WizardDraft {
  return {
    ...initialDraft(ctx),
    acknowledged: true,
    recoveryPointArn,
    deletionProtection: o.deletionProtection,
    kmsKeyArn: o.kmsKeyArn ?? "",
    copySourceTags: o.copySourceTags,
    tags: Object.entries(o.tags).map(([key, value]) => ({ key, value })),
    multiRegion: !!o.multiRegion,
    peerRegion: o.multiRegion?.peerRegion ?? ctx.peerRegions[0] ?? "",
    witnessRegion: o.multiRegion?.witnessRegion ?? ctx.witnessRegion ?? "",
    peerDeletionProtection: o.multiRegion?.peerDeletionProtection ?? true,
    peerKmsKeyArn: o.multiRegion?.peerKmsKeyArn ?? "",
  };
}

/** What keeps the person on `step`; an empty object lets them go on. */
export function validateStep(step: StepId, d: WizardDraft, ctx: WizardContext): FieldErrors {
  switch (step) {
    case "about":
      return d.acknowledged ? {} : { acknowledged: "Confirm that you understand a restore creates a new cluster" };
    case "point":
      return pointErrors(d.recoveryPointArn, ctx, d.multiRegion ? d.peerRegion : undefined);
    case "options":
      return { ...tagErrors(d.tags), ...optionErrors(draftToOptions(d), ctx) };
    case "review":
      return {};
    case "confirm":
      return d.confirmText.trim() === ctx.sourceIdentifier ? {} : { confirmText: `Type the source cluster's identifier, ${ctx.sourceIdentifier}, to confirm` };
  }
}

/** The first step whose rules the draft breaks, or undefined when it can be submitted. */
export function firstInvalidStep(d: WizardDraft, ctx: WizardContext, upTo: StepId = "confirm"): StepId | undefined {
  for (const s of WIZARD_STEPS) {
    if (Object.keys(validateStep(s.id, d, ctx)).length) return s.id;
    if (s.id === upTo) return undefined;
  }
  return undefined;
}

export const isConfirmed = (typed: string, sourceIdentifier: string) => typed.trim() === sourceIdentifier;
