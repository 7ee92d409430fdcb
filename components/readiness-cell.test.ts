import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { prerender } from "react-dom/static";
import { describe, expect, it } from "vitest";
import { ReadinessCell, type ReadinessSummaries } from "./readiness-cell";

const KEY = "123456789012/us-east-1/abc";
const cell = (summaries?: Promise<ReadinessSummaries>) => createElement(ReadinessCell, { summaries, clusterKey: KEY, href: "/clusters/123456789012/us-east-1/abc/readiness" });

/** Renders once every promise the cell waits on has settled, as the end of the server's stream does. */
async function settled(summaries: Promise<ReadinessSummaries>): Promise<string> {
  const { prelude } = await prerender(cell(summaries));
  // React marks text boundaries and Suspense with comments: read the markup without them.
  return (await new Response(prelude).text()).replace(/<!--.*?-->/g, "");
}

describe("the overview's readiness cell", () => {
  it("shows … while the fleet's scores are on their way, never a score it has not read", () => {
    const html = renderToString(cell(new Promise<ReadinessSummaries>(() => {})));
    expect(html).toContain("…");
    expect(html).not.toMatch(/\d+\/\d+/);
  });

  it("shows passed of applicable, coloured by the worst state, linking to the tab", async () => {
    const html = await settled(Promise.resolve({ [KEY]: { passed: 7, applicable: 11, failed: 3, unknown: 1 } }));
    expect(html).toContain(">7/11<");
    expect(html).toContain("bg-red-100");
    expect(html).toContain('href="/clusters/123456789012/us-east-1/abc/readiness"');
    expect(html).toContain('title="7 of 11 checks pass, 3 fail, 1 could not be read"');
    expect(await settled(Promise.resolve({ [KEY]: { passed: 10, applicable: 11, failed: 0, unknown: 1 } }))).toContain("bg-amber-100");
    expect(await settled(Promise.resolve({ [KEY]: { passed: 11, applicable: 11, failed: 0, unknown: 0 } }))).toContain("bg-emerald-100");
  });

  it("shows a dash for a cluster the fleet's scores leave out", async () => {
    const html = await settled(Promise.resolve({}));
    expect(html).toContain("–");
    expect(html).toContain("Readiness could not be read");
  });
});
