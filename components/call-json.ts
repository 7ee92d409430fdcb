/** The API's refusal: its message, and the HTTP status (a 409 is a conflict the person can resolve). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** fetch + JSON with the API's error message surfaced, for the dashboard's client components. */
export async function callJson<T>(url: string, init?: { method: "POST" | "PUT" | "DELETE"; body?: unknown }): Promise<T> {
  const r = await fetch(url, init ? { method: init.method, headers: { "content-type": "application/json" }, body: JSON.stringify(init.body ?? {}) } : { cache: "no-store" });
  const b = await r.json().catch(() => ({}));
  if (!r.ok) throw new ApiError(b.error ?? `HTTP ${r.status}`, r.status);
  return b as T;
}
