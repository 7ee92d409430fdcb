"use client";

import { ErrorPanel } from "@/components/error-panel";

/**
 * The last line of defence for a page that threw while rendering: says so plainly, gives the
 * digest to quote in a report (the server's log has the details under it), and retries.
 * Expected failures (AWS errors, unknown clusters) are handled by the pages themselves.
 */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-2xl py-8">
      <ErrorPanel
        title="This page could not be shown"
        message={`Something went wrong while rendering it${error.digest ? ` (reference ${error.digest}, in the server's log)` : ""}. Your data is unchanged; try again, or go back to the overview.`}
        onRetry={reset}
      />
    </div>
  );
}
