import type { Loaded, SharedAnswers } from "./answer";

const SHARED_POLL_MS = 150;

/**
 * Through the shared answers when there are several instances: read another's, or claim the load
 * and publish it, or wait for the one loading. The shared store failing never fails the page: the
 * instance then asks AWS itself. Used by the GetMetricData engine and the PromQL client alike.
 */
export async function loadShared(shared: SharedAnswers | undefined, waitMs: number, key: string, ttl: number, loadHere: () => Promise<Loaded>): Promise<{ loaded: Loaded; here: boolean }> {
  if (!shared) return { loaded: await loadHere(), here: true };
  const attempt = async <T>(f: () => Promise<T>, fallback: T): Promise<T> => f().catch(() => fallback);
  const found = await attempt(() => shared.get(key), undefined);
  if (found) return { loaded: found, here: false };
  if (await attempt(() => shared.claim(key, waitMs), true)) {
    const loaded = await loadHere();
    await attempt(() => shared.put(key, loaded, ttl), undefined);
    return { loaded, here: true };
  }
  for (let waited = 0; waited < waitMs; waited += SHARED_POLL_MS) {
    await new Promise((r) => setTimeout(r, SHARED_POLL_MS));
    const theirs = await attempt(() => shared.get(key), undefined);
    if (theirs) return { loaded: theirs, here: false };
  }
  // The loading instance went away: load here.
  return { loaded: await loadHere(), here: true };
}
