import type { AwsError } from "./errors";

/**
 * Offset pagination with opaque tokens, as list operations page: `maxResults` bounds a page,
 * `nextToken` (base64url of the offset) continues it. Errors come from the service's own factory
 * so each service answers in its own exception type.
 */
export function pageOf<T>(
  items: T[],
  opts: {
    max: string | null;
    token: string | null;
    limit: number;
    invalid: (message: string) => AwsError;
    /** The error for a token that is not one of ours, when the service has its own (EC2's InvalidPaginationToken); `invalid` otherwise. */
    invalidToken?: (message: string) => AwsError;
    defaultSize?: number;
  },
): { page: T[]; nextToken?: string } {
  const size = opts.max === null ? (opts.defaultSize ?? opts.limit) : Number(opts.max);
  if (!Number.isInteger(size) || size < 1 || size > opts.limit) throw opts.invalid(`MaxResults must be an integer from 1 to ${opts.limit}`);
  let start = 0;
  if (opts.token) {
    start = Number(Buffer.from(opts.token, "base64url").toString("utf8"));
    if (!Number.isInteger(start) || start < 0) throw (opts.invalidToken ?? opts.invalid)("The NextToken is not valid");
  }
  const end = start + size;
  return { page: items.slice(start, end), nextToken: end < items.length ? Buffer.from(String(end)).toString("base64url") : undefined };
}
