import { AwsError } from "../../protocols/errors";
import { epochSeconds } from "../../protocols/http";
import { type RestCall } from "../../protocols/rest-json";
import { dsqlPage, required, str, tagMap } from "./input";
import { DsqlState, type ClusterRecord, type StreamRecord } from "./state";

/**
 * Change data capture streams to Kinesis: CreateStream, ListStreams, GetStream, DeleteStream.
 * A new stream is CREATING for a minute at time scale 1, then ACTIVE; a deleted one is DELETING
 * for 30 s, then gone (GetStream is ResourceNotFoundException; AWS's DELETED status is not shown).
 * Our readings where the docs say nothing: a stream can be made only on a cluster that is ACTIVE,
 * IDLE, INACTIVE or UPDATING (ConflictException otherwise); no quota on streams per cluster; the
 * Kinesis stream and the role are not checked (the seeded IMPAIRED stream shows what a missing
 * target looks like); tags are kept but TagResource does not take a stream ARN.
 */

const KINESIS_ARN = /^arn:aws.*:kinesis:.*:\d{12}:stream\/\S+$/;
const ROLE_ARN = /^arn:aws(-[^:]+)?:iam::[0-9]{12}:role(\/[a-zA-Z0-9+=,.@_-]+)+$/;

const summary = (ds: DsqlState, s: StreamRecord) => ({
  clusterIdentifier: s.clusterIdentifier,
  streamIdentifier: s.streamIdentifier,
  arn: s.arn,
  status: ds.streamStatus(s),
  creationTime: epochSeconds(s.creationTime),
});

const settings = { ordering: "UNORDERED", format: "JSON" };

function streamView(ds: DsqlState, s: StreamRecord) {
  const status = ds.streamStatus(s);
  return {
    ...summary(ds, s),
    ...settings,
    targetDefinition: { kinesis: { streamArn: s.kinesisStreamArn, roleArn: s.roleArn } },
    statusReason: s.statusReason && (status === "IMPAIRED" || status === "FAILED") ? { error: s.statusReason.error, updatedAt: epochSeconds(s.statusReason.updatedMs) } : undefined,
    tags: s.tags,
  };
}

function kinesisTarget(v: unknown): { kinesisStreamArn: string; roleArn: string } {
  const t = required(v, "targetDefinition");
  if (!t || typeof t !== "object" || Array.isArray(t) || Object.keys(t).length !== 1 || !("kinesis" in t)) {
    throw new AwsError("ValidationException", "targetDefinition must have exactly one member: kinesis", 400, { reason: "fieldValidationFailed" });
  }
  const k = (t as { kinesis: unknown }).kinesis;
  const member = (k && typeof k === "object" ? k : {}) as Record<string, unknown>;
  return {
    kinesisStreamArn: required(str(member.streamArn, "targetDefinition.kinesis.streamArn", { min: 1, max: 2048, pattern: KINESIS_ARN }), "targetDefinition.kinesis.streamArn"),
    roleArn: required(str(member.roleArn, "targetDefinition.kinesis.roleArn", { min: 20, max: 2048, pattern: ROLE_ARN }), "targetDefinition.kinesis.roleArn"),
  };
}

const cluster = (ds: DsqlState, { params, region, account }: RestCall): ClusterRecord => ds.get(region, params.clusterIdentifier, account);

export function listStreams(ds: DsqlState, call: RestCall) {
  const { page, nextToken } = dsqlPage(ds.streamsOf(cluster(ds, call)), call.query);
  return { streams: page.map((s) => summary(ds, s)), nextToken };
}

export function getStream(ds: DsqlState, call: RestCall) {
  return streamView(ds, ds.stream(cluster(ds, call), call.params.streamIdentifier));
}

export function createStream(ds: DsqlState, call: RestCall) {
  const c = cluster(ds, call);
  const { body, region, account } = call;
  const target = kinesisTarget(body.targetDefinition);
  if (required(str(body.ordering, "ordering"), "ordering") !== settings.ordering) throw new AwsError("ValidationException", "ordering must be UNORDERED", 400, { reason: "fieldValidationFailed" });
  if (required(str(body.format, "format"), "format") !== settings.format) throw new AwsError("ValidationException", "format must be JSON", 400, { reason: "fieldValidationFailed" });
  const tags = tagMap(body.tags) ?? {};
  const token = str(body.clientToken, "clientToken", { min: 1, max: 128 });
  const key = token && `stream/${account}/${region}/${c.identifier}/${token}`;
  const known = key ? ds.clientTokens.get(key) : undefined;
  const existing = known ? c.streams.get(known) : undefined;
  if (!existing) {
    const st = ds.status(c);
    if (st !== "ACTIVE" && st !== "IDLE" && st !== "INACTIVE" && st !== "UPDATING") {
      throw new AwsError("ConflictException", `Cluster ${c.identifier} is ${st}; a stream can be created once it is ACTIVE`, 409, { resourceId: c.identifier, resourceType: "cluster" });
    }
  }
  const s = existing ?? ds.createStream(c, target, tags);
  if (key) ds.clientTokens.set(key, s.streamIdentifier);
  return { ...summary(ds, s), ...settings };
}

export function deleteStream(ds: DsqlState, call: RestCall) {
  const s = ds.stream(cluster(ds, call), call.params.streamIdentifier);
  s.deleteStartedAt ??= ds.clock.now();
  return summary(ds, s);
}
