"use client";

import { useEffect, useRef, useState } from "react";
import type { JobView } from "@/lib/dsql/jobs";
import { callJson } from "./call-json";
import { ActionError } from "./error-panel";

/** Confirmation before DROP INDEX: says what dropping this invalid index does, then runs it. */
export function JobsDropDialog({ job, onClose, onDropped }: { job: JobView; onClose: () => void; onDropped: (statement: string) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const index = job.index!;
  const name = `${index.schema}.${index.name}`;

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);

  async function drop() {
    setBusy(true);
    setError(null);
    try {
      const r = await callJson<{ statement: string }>(`/api/clusters/${job.account}/${job.region}/${job.clusterId}/jobs/drop-index`, {
        method: "POST",
        body: { schema: index.schema, name: index.name },
      });
      onDropped(r.statement);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  }

  return (
    <dialog ref={ref} onClose={onClose} aria-labelledby="drop-title" className="w-full max-w-lg rounded border border-slate-300 p-0 shadow-xl backdrop:bg-slate-900/40" data-testid="drop-dialog">
      <div className="space-y-3 p-4 text-sm">
        <h2 id="drop-title" className="text-lg font-semibold">
          Drop index {name}?
        </h2>
        {job.running ? (
          <p>The index is still being built (job {job.jobId}). Dropping it is how DSQL cancels a build: the job ends and the work done so far is discarded.</p>
        ) : (
          <p>
            The build failed and left this index invalid: queries do not use it{index.unique ? ", yet it still enforces uniqueness on every write to the table" : ""}. Dropping it removes it for good;
            DSQL then clears its data in a DROP job.
          </p>
        )}
        <p>
          The dashboard will run <code className="rounded bg-slate-100 px-1 font-mono text-xs">DROP INDEX {name}</code>. This cannot be undone; create the index again afterwards if you still need it.
        </p>
        <ActionError message={error} />
        <div className="flex justify-end gap-2 pt-2">
          <button type="button" onClick={() => ref.current?.close()} className="rounded border border-slate-300 px-3 py-1.5 hover:bg-slate-50" disabled={busy}>
            Keep the index
          </button>
          <button type="button" onClick={drop} disabled={busy} className="rounded bg-red-700 px-3 py-1.5 font-medium text-white hover:bg-red-800 disabled:opacity-60">
            {busy ? "Dropping…" : "Drop index"}
          </button>
        </div>
      </div>
    </dialog>
  );
}
