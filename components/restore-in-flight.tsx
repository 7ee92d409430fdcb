import Link from "next/link";
import { restoresInFlight } from "@/lib/backup/fleet";
import type { Scope } from "@/lib/aws/scope";
import { parseClusterArn } from "@/lib/dsql/clusters";
import { JobStateBadge } from "./backup-progress";

/** The overview's "restores under way": nothing when there are none, one line per restore otherwise. */
export async function RestoresInFlight({ scopes }: { scopes: Scope[] }) {
  const { jobs, errors } = await restoresInFlight(scopes);
  if (!jobs.length && !errors.length) return null;
  return (
    <section data-testid="restores-in-flight" className="rounded border border-sky-200 bg-sky-50 p-3 text-sm">
      <h2 className="font-semibold">
        Restores under way ({jobs.length}) ·{" "}
        <Link href="/restores" className="font-normal text-sky-700 hover:underline">
          all restores
        </Link>
      </h2>
      <ul className="mt-1 space-y-0.5">
        {jobs.map((j) => {
          const src = j.sourceResourceArn ? parseClusterArn(j.sourceResourceArn) : undefined;
          return (
            <li key={`${j.account}/${j.region}/${j.id}`}>
              <JobStateBadge state={j.status} />{" "}
              <Link href={`/restores/${j.account}/${j.region}/${j.id}`} className="text-sky-700 hover:underline">
                {src ? `from ${src.identifier}` : j.id}
              </Link>{" "}
              in {j.region}
              {j.percentDone !== undefined && j.status === "RUNNING" ? `, ${j.percentDone.toFixed(0)} %` : ""}
            </li>
          );
        })}
      </ul>
      {errors.map((e) => (
        <p key={`${e.account}/${e.region}`} className="text-xs text-red-800">
          Could not list restores in {e.region} of account {e.account}: {e.message}
        </p>
      ))}
    </section>
  );
}
