import { validation } from "../../protocols/errors";

/** Input checks shared by the DSQL operations. */

export const bool = (v: unknown, name: string): boolean | undefined => {
  if (v === undefined) return undefined;
  if (typeof v !== "boolean") throw validation(`${name} must be a boolean`, { reason: "fieldValidationFailed" });
  return v;
};
export const tagMap = (v: unknown): Record<string, string> | undefined => {
  if (v === undefined) return undefined;
  if (!v || typeof v !== "object" || Array.isArray(v) || Object.values(v).some((x) => typeof x !== "string")) {
    throw validation("tags must be a map of strings", { reason: "fieldValidationFailed" });
  }
  if (Object.keys(v).length > 50) throw validation("A resource can have at most 50 tags", { reason: "fieldValidationFailed" });
  return v as Record<string, string>;
};
