import type { ReactNode } from "react";

/** Label and value pairs in two aligned columns (a cluster's details, a connection pool's state). */
export function DescriptionList({ items, className, testId }: { items: [string, ReactNode][]; className: string; testId?: string }) {
  return (
    <dl data-testid={testId} className={`grid gap-x-4 text-sm ${className}`}>
      {items.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-slate-500">{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
