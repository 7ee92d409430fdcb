import { validation } from "../../protocols/errors";
import { type RestCall } from "../../protocols/rest-json";
import { tagMap } from "./input";
import { DsqlState } from "./state";

/** Tags on clusters: ListTagsForResource, TagResource, UntagResource. */

export function listTagsForResource(ds: DsqlState, { params, region, account }: RestCall) {
  return { tags: ds.byArn(region, params.resourceArn, account).tags };
}

export function tagResource(ds: DsqlState, { params, body, region, account }: RestCall) {
  const c = ds.byArn(region, params.resourceArn, account);
  const tags = tagMap(body.tags);
  if (!tags) throw validation("tags is required", { reason: "fieldValidationFailed" });
  const merged = { ...c.tags, ...tags };
  tagMap(merged);
  c.tags = merged;
  return {};
}

export function untagResource(ds: DsqlState, { params, query, region, account }: RestCall) {
  const c = ds.byArn(region, params.resourceArn, account);
  const keys = query.getAll("tagKeys");
  if (!keys.length) throw validation("tagKeys is required", { reason: "fieldValidationFailed" });
  for (const k of keys) delete c.tags[k];
  return {};
}
