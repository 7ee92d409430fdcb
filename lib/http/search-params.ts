/** A page's search params as Next hands them over: a repeated key gives an array. */
export type SearchParams = Record<string, string | string[] | undefined>;

/** The first value of each search param: what the pages' zod schemas and range parsing read. */
export function firstValues(sp: SearchParams): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(sp).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
}
