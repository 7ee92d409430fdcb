import type { PoolHealth } from "@/lib/dsql/connection";
import { duration } from "@/lib/format";
import { DescriptionList } from "./description-list";

/** The dashboard's SQL connections to this cluster: token and connection ages, pool use. Never the token. */
export function JobsHealth({ health }: { health: PoolHealth | null }) {
  if (!health) return <p className="text-sm text-slate-500">No SQL connection to this cluster yet.</p>;
  const h = health;
  const rows: [string, React.ReactNode][] = [
    [
      "Endpoint",
      <span key="e" className="font-mono text-xs">
        {h.endpoint}
      </span>,
    ],
    ["Role", `${h.role} (token for ${h.action})`],
    ["TLS", h.tls ? "on, certificate verified" : "off (an endpoint without TLS, such as the emulator)"],
    [
      "IAM tokens",
      h.lastTokenAgeS === null ? "none minted yet" : `a fresh one per new connection, valid ${duration(h.tokenLifetimeS)}; last minted ${duration(h.lastTokenAgeS)} ago (${h.tokensMinted} so far)`,
    ],
    ["Connections", `${h.connections.total} open of ${h.connections.max} (${h.connections.idle} idle, ${h.connections.waiting} waiting)`],
    ["Oldest connection", h.oldestConnectionAgeS === null ? "none open" : `${duration(h.oldestConnectionAgeS)}; retired at ${duration(h.retireAfterS)}, before DSQL's ${duration(h.dsqlLimitS)} limit`],
    ["Statement timeout", duration(h.statementTimeoutMs / 1000)],
  ];
  return (
    <div data-testid="sql-health">
      <DescriptionList items={rows} className="grid-cols-[10rem_1fr] gap-y-1" />
      {h.lastError && (
        <p className="mt-2 text-sm text-amber-800">
          Last error ({h.lastError.at.slice(11, 19)} UTC): {h.lastError.message}
        </p>
      )}
    </div>
  );
}
