import type { LoadProfile } from "./fleet";
import { hash32, noise as importedNoise } from "./random";

// A local binding: transpiled to CommonJS (tsx), every call of an imported function goes through
// a module getter, which is measurable at millions of calls.
const noise = importedNoise;
/** The 32 bits behind `noise` (it maps them linearly onto [-1, 1], exactly invertible in doubles). */
const hashBits = (seed: number, minute: number) => ((noise(seed, minute) + 1) * 2147483648) >>> 0;
/** One byte of a hash as noise in [-1, 1]. */
const byteNoise = (bits: number, shift: number) => ((bits >>> shift) & 255) / 127.5 - 1;

/**
 * The emulated clusters' CloudWatch metrics as pure functions of (cluster, channel, minute): one
 * sample per minute, nothing stored, so any range of the past works and the present keeps moving.
 * Aggregates over whole hours are cached (they never change once the hour is over), so a month of
 * hourly points for hundreds of clusters costs a few cached lookups per point instead of 60
 * evaluations.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export const DSQL_NAMESPACE = "AWS/AuroraDSQL";
export const USAGE_NAMESPACE = "AWS/Usage";

/** Channels: every series a cluster emits. The DSQL metrics first, in CloudWatch's names. */
export const DSQL_METRICS = [
  "TotalTransactions",
  "ReadOnlyTransactions",
  "QueryTimeouts",
  "OccConflicts",
  "CommitLatency",
  "BytesWritten",
  "BytesRead",
  "ComputeTime",
  "ClusterStorageSize",
  "TotalDPU",
  "ComputeDPU",
  "ReadDPU",
  "WriteDPU",
  "MultiRegionWriteDPU",
] as const;
export type DsqlMetric = (typeof DSQL_METRICS)[number];

export const CH = {
  TotalTransactions: 0,
  ReadOnlyTransactions: 1,
  QueryTimeouts: 2,
  OccConflicts: 3,
  CommitLatency: 4,
  BytesWritten: 5,
  BytesRead: 6,
  ComputeTime: 7,
  ClusterStorageSize: 8,
  TotalDPU: 9,
  ComputeDPU: 10,
  ReadDPU: 11,
  WriteDPU: 12,
  MultiRegionWriteDPU: 13,
  /** AWS/Usage ResourceCount (Resource=ClusterConnectionCount): open connections. */
  Connections: 14,
  /** AWS/Usage CallCount (Resource=DbConnect / DbConnectAdmin): connection attempts. */
  DbConnect: 15,
  DbConnectAdmin: 16,
} as const;
export const CHANNELS = 17;

export const CHANNEL_UNIT: Record<number, string> = {
  [CH.CommitLatency]: "Milliseconds",
  [CH.ComputeTime]: "Milliseconds",
  [CH.BytesWritten]: "Bytes",
  [CH.BytesRead]: "Bytes",
  [CH.ClusterStorageSize]: "Bytes",
};
export const unitOf = (channel: number) => CHANNEL_UNIT[channel] ?? "None";

// DPU formulas (dsql-facts.md section 2), applied to each minute's totals.
export const WRITE_DPU_PER_BYTE = 0.00004883;
export const READ_DPU_PER_BYTE = 0.00000183105;
/** Query-processor milliseconds per transaction, before incidents. */
const COMPUTE_MS_PER_TX = 1.8;

/** What the metric functions need to know about one cluster. */
export interface MetricSource {
  /** Unique and stable (the cluster ARN): keys the aggregate cache. */
  key: string;
  identifier: string;
  region: string;
  profile: LoadProfile;
  /** Anchor the profile's incidents are relative to. */
  anchorMs: number;
  /** First instant with data (creation, or the end of CREATING). */
  dataFromMs: number;
  /** No data from here on (deletion started). */
  dataUntilMs: number;
  /** Active peers a write is replicated to (multi-region); 0 for single-region clusters. */
  peers: number;
}

export interface Agg {
  sum: number;
  min: number;
  max: number;
  count: number;
}

export const emptyAgg = (): Agg => ({ sum: 0, min: Infinity, max: -Infinity, count: 0 });

// Daily cycle at minute resolution, peak at index 0 (shifted per cluster by its peak hour).
const DAILY = new Float64Array(1440);
for (let i = 0; i < 1440; i++) DAILY[i] = 0.3 + 0.7 * (0.5 + 0.5 * Math.cos((2 * Math.PI * i) / 1440));

/** 0..1 ramp in and out of an incident over its first and last 10 minutes. */
function incidentLevel(minute: number, startMin: number, endMin: number): number {
  if (minute < startMin || minute >= endMin) return 0;
  return Math.min(1, (minute - startMin + 1) / 10, (endMin - minute) / 10);
}

export interface Prepared {
  seed: number;
  shift: number;
  incidents: { kind: string; startMin: number; endMin: number; magnitude: number }[];
}
const prepared = new WeakMap<MetricSource, Prepared>();
export function prepare(src: MetricSource): Prepared {
  let p = prepared.get(src);
  if (!p) {
    p = {
      seed: hash32(src.key),
      shift: Math.round(src.profile.peakHourUtc * 60),
      incidents: src.profile.incidents.map((i) => ({
        kind: i.kind,
        startMin: Math.floor((src.anchorMs + i.startH * HOUR_MS) / MINUTE_MS),
        endMin: Math.floor((src.anchorMs + (i.startH + i.durationH) * HOUR_MS) / MINUTE_MS),
        magnitude: i.magnitude,
      })),
    };
    prepared.set(src, p);
  }
  return p;
}

/**
 * Fills `out` (length CHANNELS) with the values of every channel for one minute (epoch minute
 * index). Pure: the same (source, minute) always gives the same numbers.
 */
export function minuteValues(src: MetricSource, minute: number, out: Float64Array, p: Prepared = prepare(src)): void {
  const prof = src.profile;
  const s = p.seed;
  // Twelve noise values in [-1, 1] from three hashes, a byte each (three hashes cost a quarter of
  // twelve, and a 1/255 step is finer than any amplitude used here).
  const h1 = hashBits(s, minute);
  const h2 = hashBits(s ^ 0x5bd1e995, minute);
  const h3 = hashBits(s ^ 0x27d4eb2f, minute);
  const nLoad = byteNoise(h1, 0);
  const nOcc = byteNoise(h1, 8);
  const nReadOnly = byteNoise(h1, 16);
  const nWritten = byteNoise(h1, 24);
  const nRead = byteNoise(h2, 0);
  const nCompute = byteNoise(h2, 8);
  const nLatency = byteNoise(h2, 16);
  const nTimeouts = byteNoise(h2, 24);
  const nConnections = byteNoise(h3, 0);
  const nConnects = byteNoise(h3, 8);
  const nAdmin = byteNoise(h3, 16);
  const nIncident = byteNoise(h3, 24);

  const minuteOfDay = ((minute % 1440) + 1440) % 1440;
  const daily = DAILY[(minuteOfDay - p.shift + 2880) % 1440];
  // 1970-01-01 was a Thursday: day 0 → weekday 4 (0 = Sunday).
  const dow = (Math.floor(minute / 1440) + 4) % 7;
  const weekly = dow === 0 || dow === 6 ? 0.65 : 1;
  const load = daily * weekly * (1 + 0.08 * nLoad);

  let occShare = prof.occShare * (1 + 0.25 * nOcc);
  let heavy = 1;
  let timeoutBurst = 0;
  for (let k = 0; k < p.incidents.length; k++) {
    const inc = p.incidents[k];
    const lvl = incidentLevel(minute, inc.startMin, inc.endMin);
    if (lvl === 0) continue;
    if (inc.kind === "occ") occShare += (inc.magnitude * (1 + 0.1 * nIncident) - occShare) * lvl;
    else if (inc.kind === "dpuSpike") heavy *= 1 + (inc.magnitude - 1) * lvl;
    else if (inc.kind === "queryTimeouts") timeoutBurst += inc.magnitude * lvl * (1 + 0.3 * nIncident);
  }

  const total = Math.round(prof.peakTps * 60 * load);
  const readOnly = Math.min(total, Math.round(total * prof.readOnlyShare * (1 + 0.02 * nReadOnly)));
  const writes = total - readOnly;
  const bytesWritten = Math.round(writes * prof.bytesPerWrite * (1 + 0.1 * nWritten) * heavy);
  const bytesRead = Math.round(total * prof.bytesPerRead * (1 + 0.1 * nRead) * heavy);
  const computeMs = Math.round(total * COMPUTE_MS_PER_TX * (1 + 0.1 * nCompute) * heavy);
  const writeDpu = bytesWritten > 0 ? Math.max(bytesWritten, 1024) * WRITE_DPU_PER_BYTE : 0;
  const readDpu = bytesRead > 0 ? Math.max(bytesRead, 2048) * READ_DPU_PER_BYTE : 0;
  const computeDpu = computeMs / 1000;
  const multiRegionDpu = writeDpu * src.peers;
  const days = (minute * MINUTE_MS - src.anchorMs) / DAY_MS;
  const connections = Math.round(prof.connections * (0.3 + 0.7 * daily) * (1 + 0.1 * nConnections));

  out[CH.TotalTransactions] = total;
  out[CH.ReadOnlyTransactions] = readOnly;
  out[CH.QueryTimeouts] = Math.round(Math.max(0, total * 2e-6 * (1 + nTimeouts)) + timeoutBurst);
  out[CH.OccConflicts] = Math.round(total * occShare);
  // A P50 in ms: grows with load and with contention (retries queue up behind hot keys).
  out[CH.CommitLatency] = Math.round((6 + 4 * load + 60 * occShare + 0.8 * nLatency) * 100) / 100;
  out[CH.BytesWritten] = bytesWritten;
  out[CH.BytesRead] = bytesRead;
  out[CH.ComputeTime] = computeMs;
  out[CH.ClusterStorageSize] = Math.round(Math.max(1e6, prof.storageBytes + prof.storageGrowthPerDay * days));
  out[CH.TotalDPU] = computeDpu + readDpu + writeDpu + multiRegionDpu;
  out[CH.ComputeDPU] = computeDpu;
  out[CH.ReadDPU] = readDpu;
  out[CH.WriteDPU] = writeDpu;
  out[CH.MultiRegionWriteDPU] = multiRegionDpu;
  out[CH.Connections] = connections;
  out[CH.DbConnect] = Math.round(Math.max(0, connections * 0.05 * (1 + nConnects)));
  out[CH.DbConnectAdmin] = nAdmin > 0.8 ? 1 : 0;
}

/** Does the source have a sample at this minute, as seen at `nowMs`? (A minute is published once it is over.) */
export function minuteRange(src: MetricSource, startMs: number, endMs: number, nowMs: number): [number, number] {
  if (src.profile.idle) return [0, 0];
  const lo = Math.ceil(Math.max(startMs, src.dataFromMs) / MINUTE_MS);
  const hi = Math.min(Math.ceil(endMs / MINUTE_MS), Math.ceil(src.dataUntilMs / MINUTE_MS), Math.floor(nowMs / MINUTE_MS));
  return hi > lo ? [lo, hi] : [0, 0];
}

/*
 * Two caches of pure values (an entry never goes stale, so eviction is the only bookkeeping):
 * - minute blocks: every channel of every minute of one hour, for reads at minute resolution,
 *   partial hours and percentiles; a FIFO of MINUTE_BLOCKS entries (8 KiB each).
 * - hour blocks: [sum, min, max] per channel of a whole hour, for longer periods; HOUR_BLOCKS
 *   entries (~400 B each), enough for a month of a 200-cluster fleet.
 */
