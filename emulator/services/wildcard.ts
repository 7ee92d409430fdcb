/** A pattern with AWS's `*` (any run of characters) and `?` (one character) wildcards, as a whole-string RegExp. IAM actions and EC2 filter values use it. */
export const wildcard = (pattern: string, flags = "") =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    flags,
  );
