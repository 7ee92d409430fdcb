"use client";

import { usePathname, useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { formatAgeHours } from "@/lib/backup/age";
import { CONTINENT_GROUPS, continentGroupOf, restoreMetadata } from "@/lib/backup/restore-input";
import type { RestoreRequest } from "@/lib/backup/restores";
import { draftFromOptions, draftToOptions, initialDraft, validateStep, WIZARD_STEPS, type FieldErrors, type StepId, type WizardContext, type WizardDraft } from "@/lib/backup/wizard";
import { bytes } from "@/lib/format";
import { callJson } from "./call-json";
import { timeLabel } from "@/lib/format/time";
import { ActionError } from "./error-panel";

const when = (iso: string) => timeLabel(new Date(iso).getTime());
const input = "w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm";

function FieldError({ errors, name }: { errors: FieldErrors; name: string }) {
  return errors[name] ? (
    <p role="alert" className="mt-1 text-xs text-red-700">
      {errors[name]}
    </p>
  ) : null;
}

/**
 * The restore wizard (operators). It explains first, then collects a recovery point and the new
 * cluster's options; moving to the confirm step stores a restore request on the server (its id
 * goes into the URL, so a reload comes back here), and confirming submits that request: one
 * StartRestoreJob, however often the button is pressed.
 */
export function RestoreWizard({ ctx, initialPoint, resume }: { ctx: WizardContext; initialPoint?: string; resume?: RestoreRequest }) {
  const router = useRouter();
  const pathname = usePathname();
  const [draft, setDraft] = useState<WizardDraft>(() => {
    if (resume) return draftFromOptions(ctx, resume.recoveryPointArn, resume.options);
    const d = initialDraft(ctx);
    return initialPoint && ctx.points.some((p) => p.arn === initialPoint) ? { ...d, recoveryPointArn: initialPoint } : d;
  });
  const [step, setStep] = useState<StepId>(resume ? "confirm" : "about");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [request, setRequest] = useState<{ id: string; basis: string } | null>(resume ? { id: resume.id, basis: JSON.stringify([resume.recoveryPointArn, resume.options]) } : null);
  const [busy, setBusy] = useState(false);
  const [now] = useState(() => Date.now());
  const [problem, setProblem] = useState<string | null>(resume?.status === "refused" ? `AWS Backup refused this restore before: ${resume.message ?? ""}` : null);
  const index = WIZARD_STEPS.findIndex((s) => s.id === step);
  const options = useMemo(() => draftToOptions(draft), [draft]);
  const group = continentGroupOf(ctx.region);
  const groupRegions = (group ? CONTINENT_GROUPS[group] : []).filter((r) => r !== ctx.region);
  const set = (change: Partial<WizardDraft>) => setDraft((d) => ({ ...d, ...change }));
  const point = ctx.points.find((p) => p.arn === draft.recoveryPointArn);

  const go = async (to: StepId) => {
    const toIndex = WIZARD_STEPS.findIndex((s) => s.id === to);
    if (toIndex > index) {
      const e = validateStep(step, draft, ctx);
      setErrors(e);
      if (Object.keys(e).length) return;
    }
    setProblem(null);
    if (to === "confirm") {
      // The request is what gets submitted: made once per set of choices, kept in the URL.
      const basis = JSON.stringify([draft.recoveryPointArn, options]);
      if (!request || request.basis !== basis) {
        setBusy(true);
        try {
          const r = await callJson<{ request: RestoreRequest }>("/api/restores", {
            method: "POST",
            body: { account: ctx.account, region: ctx.region, clusterId: ctx.sourceIdentifier, recoveryPointArn: draft.recoveryPointArn, options },
          });
          setRequest({ id: r.request.id, basis });
          router.replace(`${pathname}?request=${r.request.id}`, { scroll: false });
        } catch (err) {
          setProblem(err instanceof Error ? err.message : String(err));
          return;
        } finally {
          setBusy(false);
        }
      }
    }
    setErrors({});
    setStep(to);
  };

  const submit = async () => {
    const e = validateStep("confirm", draft, ctx);
    setErrors(e);
    if (Object.keys(e).length || !request) return;
    setBusy(true);
    setProblem(null);
    try {
      const r = await callJson<{ request: RestoreRequest }>(`/api/restores/requests/${request.id}/submit`, { method: "POST", body: { confirm: draft.confirmText } });
      router.push(`/restores/${r.request.account}/${r.request.region}/${r.request.restoreJobId}`);
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <div className="rounded border border-slate-200 bg-white" data-testid="restore-wizard">
      <ol className="flex flex-wrap gap-1 border-b border-slate-200 p-2 text-xs">
        {WIZARD_STEPS.map((s, i) => (
          <li
            key={s.id}
            aria-current={s.id === step ? "step" : undefined}
            className={`rounded px-2 py-1 ${s.id === step ? "bg-sky-700 text-white" : i < index ? "bg-sky-50 text-sky-900" : "text-slate-500"}`}
          >
            {i + 1}. {s.title}
          </li>
        ))}
      </ol>
      <div className="space-y-4 p-4 text-sm">
        {step === "about" && (
          <div className="space-y-3">
            <h2 className="text-lg font-semibold">A restore creates a new cluster</h2>
            <p>
              AWS Backup builds a <strong>new</strong> Aurora DSQL cluster from the recovery point you choose. It never overwrites or changes <strong>{ctx.sourceName}</strong> ({ctx.sourceIdentifier}
              ): both clusters exist afterwards, each with its own endpoint, and both are billed. Applications keep using the old cluster until you point them at the new endpoint. A restore takes
              minutes or longer, depending on the size of the data.
            </p>
            {ctx.peerRegions.length > 0 && (
              <div className="rounded border border-sky-200 bg-sky-50 p-3" data-testid="multi-region-explainer">
                <p className="font-medium">
                  {ctx.sourceName} is a multi-region cluster (peer in {ctx.peerRegions.join(", ")}
                  {ctx.witnessRegion ? `, witness ${ctx.witnessRegion}` : ""}).
                </p>
                <p className="mt-1">A backup covers one region only. You can restore a single-region cluster here, or ask AWS Backup to restore a multi-region cluster, which needs:</p>
                <ul className="mt-1 list-disc pl-5">
                  <li>a recovery point in {ctx.region};</li>
                  <li>an identical copy of it (same cluster, same creation time) in a peer region, for example made by a copy rule of the backup plan;</li>
                  <li>a witness region; all regions in one continent group{group ? ` (${group}: ${CONTINENT_GROUPS[group].join(", ")})` : ""};</li>
                  <li>permissions for backup:StartRestoreJob, dsql:UpdateCluster, dsql:AddPeerCluster and dsql:RemovePeerCluster.</li>
                </ul>
                <p className="mt-1 text-xs text-slate-600">
                  AWS Backup then creates a cluster in each of the two regions and peers them. (As documented by AWS Backup; the dashboard could not verify every detail of the multi-region metadata.)
                </p>
              </div>
            )}
            <label className="flex items-start gap-2">
              <input type="checkbox" checked={draft.acknowledged} onChange={(e) => set({ acknowledged: e.target.checked })} className="mt-0.5" />
              <span>I understand that the restore creates a new cluster and leaves {ctx.sourceIdentifier} untouched.</span>
            </label>
            <FieldError errors={errors} name="acknowledged" />
          </div>
        )}

        {step === "point" && (
          <div className="space-y-3">
            <h2 className="text-lg font-semibold">Choose a recovery point</h2>
            {ctx.peerRegions.length > 0 && (
              <label className="flex items-center gap-2">
                <input type="checkbox" checked={draft.multiRegion} onChange={(e) => set({ multiRegion: e.target.checked })} />
                <span>Restore as a multi-region cluster (peer {draft.peerRegion || "?"}): only points copied there qualify</span>
              </label>
            )}
            {ctx.points.length === 0 ? (
              <p className="text-slate-500">This cluster has no recovery points in {ctx.region}.</p>
            ) : (
              <fieldset className="max-h-96 overflow-y-auto rounded border border-slate-200">
                <legend className="sr-only">Recovery point</legend>
                {ctx.points.map((p) => {
                  const usable = p.status === "COMPLETED" && (!draft.multiRegion || p.copyRegions.includes(draft.peerRegion));
                  return (
                    <label key={p.arn} className={`flex items-center gap-3 border-b border-slate-100 px-3 py-1.5 last:border-0 ${usable ? "" : "text-slate-400"}`} data-testid="restore-point-option">
                      <input type="radio" name="point" value={p.arn} checked={draft.recoveryPointArn === p.arn} disabled={!usable} onChange={() => set({ recoveryPointArn: p.arn })} />
                      <span className="w-44">{when(p.createdAt)}</span>
                      <span className="w-24 text-xs">{formatAgeHours((now - new Date(p.createdAt).getTime()) / 3_600_000)} ago</span>
                      <span className="w-20 text-xs">{p.sizeBytes !== undefined ? bytes(p.sizeBytes) : ""}</span>
                      <span className="text-xs">{p.status !== "COMPLETED" ? p.status : p.copyRegions.length ? `copy in ${p.copyRegions.join(", ")}` : ""}</span>
                    </label>
                  );
                })}
              </fieldset>
            )}
            <FieldError errors={errors} name="recoveryPointArn" />
          </div>
        )}

        {step === "options" && (
          <div className="space-y-4">
            <h2 className="text-lg font-semibold">The new cluster</h2>
            <label className="flex items-center gap-2">
              <input type="checkbox" checked={draft.deletionProtection} onChange={(e) => set({ deletionProtection: e.target.checked })} />
              <span>Deletion protection (on by default, as AWS Backup does)</span>
            </label>
            <div>
              <label htmlFor="kms" className="block font-medium">
                KMS key for {ctx.region} (optional)
              </label>
              <input id="kms" className={input} placeholder="empty: an AWS-owned key" value={draft.kmsKeyArn} onChange={(e) => set({ kmsKeyArn: e.target.value })} />
              <p className="text-xs text-slate-500">A customer-managed key ARN in {ctx.region}; AWS Backup must be allowed to use it.</p>
              <FieldError errors={errors} name="kmsKeyArn" />
            </div>
            <label className="flex items-center gap-2">
              <input type="checkbox" checked={draft.copySourceTags} onChange={(e) => set({ copySourceTags: e.target.checked })} />
              <span>Copy the tags the cluster had when it was backed up</span>
            </label>
            <div>
              <p className="font-medium">Tags for the new cluster</p>
              <p className="text-xs text-slate-500">Added once the new cluster exists (StartRestoreJob takes no tags); they override copied tags with the same key.</p>
              {draft.tags.map((t, i) => (
                <div key={i} className="mt-1 flex items-start gap-2">
                  <div className="w-48">
                    <input aria-label={`Tag ${i + 1} key`} className={input} value={t.key} onChange={(e) => set({ tags: draft.tags.map((x, j) => (j === i ? { ...x, key: e.target.value } : x)) })} />
                    <FieldError errors={errors} name={`tags.${i}.key`} />
                  </div>
                  <div className="flex-1">
                    <input
                      aria-label={`Tag ${i + 1} value`}
                      className={input}
                      value={t.value}
                      onChange={(e) => set({ tags: draft.tags.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)) })}
                    />
                    <FieldError errors={errors} name={`tags.${i}.value`} />
                  </div>
                  <button type="button" onClick={() => set({ tags: draft.tags.filter((_, j) => j !== i) })} className="px-2 py-1 text-xs text-slate-600 hover:text-red-700">
                    Remove
                  </button>
                </div>
              ))}
              <button type="button" onClick={() => set({ tags: [...draft.tags, { key: "", value: "" }] })} className="mt-1 text-xs text-sky-700 hover:underline">
                Add a tag
              </button>
              <FieldError errors={errors} name="tags" />
            </div>
            {draft.multiRegion && (
              <div className="space-y-2 rounded border border-sky-200 bg-sky-50 p-3">
                <p className="font-medium">Multi-region</p>
                <label className="block">
                  Peer region
                  <select className={input} value={draft.peerRegion} onChange={(e) => set({ peerRegion: e.target.value })}>
                    {groupRegions.map((r) => (
                      <option key={r}>{r}</option>
                    ))}
                  </select>
                </label>
                <FieldError errors={errors} name="peerRegion" />
                <label className="block">
                  Witness region
                  <select className={input} value={draft.witnessRegion} onChange={(e) => set({ witnessRegion: e.target.value })}>
                    {groupRegions.map((r) => (
                      <option key={r}>{r}</option>
                    ))}
                  </select>
                </label>
                <FieldError errors={errors} name="witnessRegion" />
                <label className="flex items-center gap-2">
                  <input type="checkbox" checked={draft.peerDeletionProtection} onChange={(e) => set({ peerDeletionProtection: e.target.checked })} />
                  <span>Deletion protection for the peer cluster</span>
                </label>
                <label className="block">
                  KMS key for {draft.peerRegion || "the peer region"} (optional)
                  <input className={input} placeholder="empty: an AWS-owned key" value={draft.peerKmsKeyArn} onChange={(e) => set({ peerKmsKeyArn: e.target.value })} />
                </label>
                <FieldError errors={errors} name="peerKmsKeyArn" />
                <FieldError errors={errors} name="multiRegion" />
              </div>
            )}
          </div>
        )}

        {(step === "review" || step === "confirm") && (
          <div className="space-y-2" data-testid="restore-review">
            <h2 className="text-lg font-semibold">{step === "review" ? "Review" : "Confirm the restore"}</h2>
            <dl className="grid grid-cols-[12rem_1fr] gap-x-4 gap-y-1">
              <dt className="text-slate-500">Source cluster</dt>
              <dd>
                {ctx.sourceName} <span className="font-mono text-xs">{ctx.sourceIdentifier}</span> (not changed)
              </dd>
              <dt className="text-slate-500">Recovery point</dt>
              <dd>{point ? `${when(point.createdAt)}${point.sizeBytes !== undefined ? `, ${bytes(point.sizeBytes)}` : ""}` : draft.recoveryPointArn}</dd>
              <dt className="text-slate-500">New cluster in</dt>
              <dd>{draft.multiRegion ? `${ctx.region} and ${draft.peerRegion}, witness ${draft.witnessRegion}` : ctx.region}</dd>
              <dt className="text-slate-500">Deletion protection</dt>
              <dd>
                {draft.deletionProtection ? "on" : "off"}
                {draft.multiRegion && ` (peer: ${draft.peerDeletionProtection ? "on" : "off"})`}
              </dd>
              <dt className="text-slate-500">Encryption</dt>
              <dd className="break-all">{options.kmsKeyArn ?? "AWS-owned key"}</dd>
              <dt className="text-slate-500">Tags</dt>
              <dd>
                {draft.copySourceTags ? "the source's tags, plus " : ""}
                {Object.entries(options.tags)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(", ") || "none"}
              </dd>
            </dl>
            <details className="text-xs">
              <summary className="cursor-pointer text-slate-600">The restore metadata sent to AWS Backup</summary>
              <pre className="mt-1 overflow-x-auto rounded bg-slate-100 p-2">{JSON.stringify(restoreMetadata(ctx.region, options), null, 2)}</pre>
            </details>
          </div>
        )}

        {step === "confirm" && (
          <div className="space-y-2 rounded border border-amber-300 bg-amber-50 p-3">
            <label htmlFor="confirm" className="block font-medium">
              Type the source cluster&apos;s identifier, <span className="font-mono">{ctx.sourceIdentifier}</span>, to start the restore
            </label>
            <input id="confirm" autoComplete="off" spellCheck={false} className={`${input} font-mono`} value={draft.confirmText} onChange={(e) => set({ confirmText: e.target.value })} />
            <FieldError errors={errors} name="confirmText" />
            <button
              type="button"
              onClick={submit}
              disabled={busy || draft.confirmText.trim() !== ctx.sourceIdentifier}
              className="rounded bg-red-700 px-3 py-1.5 font-medium text-white hover:bg-red-800 disabled:opacity-50"
            >
              {busy ? "Starting the restore…" : "Start restore"}
            </button>
          </div>
        )}

        <ActionError message={problem} />

        <div className="flex justify-between border-t border-slate-100 pt-3">
          <button type="button" disabled={index === 0 || busy} onClick={() => go(WIZARD_STEPS[index - 1].id)} className="rounded border border-slate-300 px-3 py-1.5 disabled:opacity-40">
            Back
          </button>
          {step !== "confirm" && (
            <button type="button" disabled={busy} onClick={() => go(WIZARD_STEPS[index + 1].id)} className="rounded bg-sky-700 px-3 py-1.5 font-medium text-white hover:bg-sky-800 disabled:opacity-50">
              {busy ? "Saving…" : "Next"}
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
