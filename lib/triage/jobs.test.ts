import { afterEach, describe, expect, it, vi, type Mock } from "vitest";
import type { FleetJobs } from "../dsql/jobs";

vi.mock("../dsql/jobs", async (orig) => ({ ...(await orig<typeof import("../dsql/jobs")>()), fleetJobs: vi.fn() }));
const { fleetJobs } = await import("../dsql/jobs");
const { fleetJobsSnapshot } = await import("./jobs");

const listing = { jobs: [], clusters: [], regionErrors: [], historyError: null, fetchedAt: "" } as FleetJobs;

afterEach(() => vi.useRealTimers());

describe("the index jobs triage uses", () => {
  it("never waits long for the slow listing: a first answer without it, then the listing, refreshed in the background", async () => {
    vi.useFakeTimers();
    let resolve!: (v: FleetJobs) => void;
    (fleetJobs as Mock).mockImplementation(() => new Promise<FleetJobs>((r) => (resolve = r)));

    const first = fleetJobsSnapshot();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await first).toBeUndefined();
    // A second request while the listing runs joins it rather than starting another.
    const second = fleetJobsSnapshot();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await second).toBeUndefined();
    expect(fleetJobs).toHaveBeenCalledTimes(1);

    resolve(listing);
    await vi.advanceTimersByTimeAsync(0);
    expect((await fleetJobsSnapshot())?.jobs).toBe(listing);
    expect(fleetJobs).toHaveBeenCalledTimes(1);

    // A minute later the old listing is served at once while a new one is made.
    await vi.advanceTimersByTimeAsync(61_000);
    (fleetJobs as Mock).mockImplementation(() => new Promise<FleetJobs>(() => undefined));
    expect((await fleetJobsSnapshot())?.jobs).toBe(listing);
    expect(fleetJobs).toHaveBeenCalledTimes(2);
  });
});
