import type { Clock } from "../../clock";
import type { AwsError } from "../../protocols/errors";
import { channelReader, samples, warmHours } from "../../scenario/metric-cache";
import { CH, DSQL_METRICS, DSQL_NAMESPACE, HOUR_MS, unitOf, USAGE_NAMESPACE, type MetricSource } from "../../scenario/metrics";
import { CREATE_MS, type ClusterRecord, type DsqlService } from "../dsql";
import { Alarms } from "./alarms/model";
import { metricKey, type MetricId } from "./input";
import { storedSource, upperBound, type DataQuery, type FunctionIndex, type QueryResult, type RegionState, type StoredPoint } from "./model";
import { FORBIDDEN, runQueries, type Resolver } from "./query-eval";

/** A dashboard as CloudWatch keeps it: the body as it was sent, and when it was last written. */
export interface DashboardRecord {
  name: string;
  body: string;
  lastModifiedMs: number;
}

/**
 * CloudWatch's state and model, free of the wire: each Region's custom metrics, the clusters'
 * metrics as functions of time (the DSQL service's clusters, deleted ones included), the alarms,
 * each account's dashboards, and the evaluation of metric queries against them.
 */
export class CloudWatchState {
  private readonly states = new Map<string, RegionState>();
  /** Clusters seen so far, so a deleted cluster's history stays readable (as in CloudWatch). */
  private readonly sources = new Map<string, { rec: ClusterRecord; src: MetricSource }>();

  readonly alarms: Alarms;
  /** Evaluations of recent paginated GetMetricData requests, by request and pinned time. */
  readonly pageMemo = new Map<string, Map<string, QueryResult>>();
  /** The metric index of a region, built once per call (alarms evaluate many queries in one call). */
  private readonly indexes = new Map<string, { stamp: number; index: FunctionIndex }>();
  protected callStamp = 0;

  constructor(
    readonly clock: Clock,
    readonly dsql: DsqlService,
    readonly anchorMs: number,
  ) {
    this.alarms = new Alarms({
      now: () => this.clock.now(),
      notify: (arn, subject, message) => this.alarmNotifier(arn, subject, message),
      runQueries: (at, queries, s, e, now, err) => this.runQueries(at.region, queries, s, e, now, err, at.account),
    });
    this.warmUp();
  }

  /**
   * Pre-computes the hourly aggregates of the last 31 days for every cluster in the background, in
   * slices of a few milliseconds (requests interleave), so the first month-long or month-to-date
   * read of a large fleet costs what a warm one does, as with CloudWatch's stored rollups.
   */
  private warmUp(): void {
    const toHour = Math.floor(this.clock.now() / HOUR_MS);
    const fromHour = toHour - 31 * 24;
    const queue = this.dsql
      .regionNames()
      .flatMap((r) => this.clusterSources(r))
      .map((src) => ({ src, next: toHour }));
    this.warm = { clusters: queue.length, done: 0 };
    const step = () => {
      const deadline = performance.now() + 8;
      while (queue.length && performance.now() < deadline) {
        const job = queue[0];
        job.next = warmHours(job.src, fromHour, job.next, deadline);
        if (job.next <= fromHour) {
          queue.shift();
          this.warm.done++;
        }
      }
      if (queue.length) setTimeout(step, 1).unref();
    };
    setTimeout(step, 1).unref();
  }

  /** How far the background pre-computation has come (for the health endpoint and benchmarks). */
  warm = { clusters: 0, done: 0 };

  state(region: string): RegionState {
    let s = this.states.get(region);
    if (!s) this.states.set(region, (s = { custom: new Map() }));
    return s;
  }

  // ---- metric sources -------------------------------------------------------------------------

  /** The clusters of a region (including deleted ones seen before) as metric sources; of one account when given (metrics belong to the cluster's account). */
  clusterSources(region: string, account?: string): MetricSource[] {
    // Clusters deleted before CloudWatch first saw them count too: their history stays readable.
    for (const rec of [...this.dsql.all(), ...this.dsql.deleted]) {
      if (!this.sources.has(rec.arn)) {
        const peers = rec.multiRegion ? rec.multiRegion.clusters.filter((a) => a !== rec.arn).length : 0;
        this.sources.set(rec.arn, {
          rec,
          // The anchor is part of the key: incidents move with it, and emulators in one process share the cache.
          src: { key: `${rec.arn}@${this.anchorMs}`, identifier: rec.identifier, region: rec.region, profile: rec.profile, anchorMs: this.anchorMs, dataFromMs: 0, dataUntilMs: Infinity, peers },
        });
      }
    }
    const out: MetricSource[] = [];
    for (const { rec, src } of this.sources.values()) {
      if (rec.region !== region || (account !== undefined && rec.account !== account)) continue;
      // No datapoints while CREATING; none from the moment DeleteCluster was called (deleteStartedAt).
      src.dataFromMs = rec.createStartedAt !== undefined ? Math.max(rec.creationTime, this.clock.endOf(rec.createStartedAt, CREATE_MS)) : rec.creationTime;
      src.dataUntilMs = rec.deleteStartedAt ?? Infinity;
      out.push(src);
    }
    return out;
  }

  /** Every metric a cluster publishes (idle clusters publish none). */
  clusterMetrics(src: MetricSource): { metric: MetricId; channel: number }[] {
    if (src.profile.idle) return [];
    const out: { metric: MetricId; channel: number }[] = [];
    for (const name of DSQL_METRICS) {
      if (name === "MultiRegionWriteDPU" && src.peers === 0) continue;
      out.push({ metric: { Namespace: DSQL_NAMESPACE, MetricName: name, Dimensions: [{ Name: "ClusterId", Value: src.identifier }] }, channel: CH[name] });
    }
    const usage = (metricName: string, type: string, resource: string) => ({
      Namespace: USAGE_NAMESPACE,
      MetricName: metricName,
      Dimensions: [
        { Name: "Service", Value: "AuroraDSQL" },
        { Name: "Type", Value: type },
        { Name: "Resource", Value: resource },
        { Name: "ResourceId", Value: `cluster/${src.identifier}` },
        { Name: "Class", Value: "None" },
      ],
    });
    out.push({ metric: usage("ResourceCount", "Resource", "ClusterConnectionCount"), channel: CH.Connections });
    out.push({ metric: usage("CallCount", "API", "DbConnect"), channel: CH.DbConnect });
    out.push({ metric: usage("CallCount", "API", "DbConnectAdmin"), channel: CH.DbConnectAdmin });
    return out;
  }

  private functionIndex(region: string, account?: string): FunctionIndex {
    const key = `${account ?? "*"}|${region}`;
    const cached = this.indexes.get(key);
    if (cached?.stamp === this.callStamp) return cached.index;
    const index: FunctionIndex = new Map();
    for (const src of this.clusterSources(region, account)) {
      for (const m of this.clusterMetrics(src)) index.set(metricKey(m.metric), { src, ...m });
    }
    this.indexes.set(key, { stamp: this.callStamp, index });
    return index;
  }

  /**
   * Which source accounts a monitoring account may read metrics of (CloudWatch cross-account
   * observability); none unless the server links them. Links are per account here, not per Region
   * and per sink as in the Observability Access Manager: a simplification.
   */
  linkedSources: (monitoring: string) => ReadonlySet<string> = () => new Set();

  /** Each account's dashboards by name (global in AWS: no Region). */
  private readonly dashboardsByAccount = new Map<string, Map<string, DashboardRecord>>();

  dashboards(account: string): Map<string, DashboardRecord> {
    let d = this.dashboardsByAccount.get(account);
    if (!d) this.dashboardsByAccount.set(account, (d = new Map()));
    return d;
  }

  /** Where alarm notifications go: the server connects it to SNS. */
  alarmNotifier: (topicArn: string, subject: string, message: string) => boolean = () => false;

  /** Resolves a metric to its samples, or undefined when nothing was ever published under it; a query naming another account is read there when linked. */
  resolver(region: string, account?: string): Resolver {
    const own = this.accountResolver(region, account);
    const others = new Map<string, Resolver>();
    return (m, source) => {
      if (source === undefined || source === account || account === undefined) return own(m);
      if (!this.linkedSources(account).has(source)) return FORBIDDEN;
      let r = others.get(source);
      if (!r) others.set(source, (r = this.accountResolver(region, source)));
      return r(m);
    };
  }

  private accountResolver(region: string, account?: string): Resolver {
    let index: FunctionIndex | undefined;
    const custom = this.state(region).custom;
    return (m) => {
      const key = metricKey(m);
      const stored = custom.get(key);
      if (stored) return storedSource(stored);
      if (m.Namespace !== DSQL_NAMESPACE && m.Namespace !== USAGE_NAMESPACE) return undefined;
      index ??= this.functionIndex(region, account);
      const f = index.get(key);
      if (!f) return undefined;
      const unit = unitOf(f.channel);
      const read = channelReader(f.src, f.channel);
      return {
        unit,
        agg: (s, e, now, u, into) => (u && u !== unit ? into : read(s, e, now, into)),
        samples: (s, e, now, u) => (u && u !== unit ? [] : samples(f.src, f.channel, s, e, now)),
      };
    };
  }

  /** Evaluates metric queries of a Region (of one account when given) over a window as seen at `nowMs`. */
  runQueries(region: string, queries: DataQuery[], startMs: number, endMs: number, nowMs: number, err?: (m: string) => AwsError, account?: string): Map<string, QueryResult> {
    return runQueries(this.resolver(region, account), queries, startMs, endMs, nowMs, err);
  }

  /** Stores PutMetricData's points, each in time order within its series. */
  store(region: string, points: { key: string; metric: MetricId; point: StoredPoint }[]): void {
    const custom = this.state(region).custom;
    for (const { key, metric, point } of points) {
      let s = custom.get(key);
      if (!s) custom.set(key, (s = { metric, points: [] }));
      const at = upperBound(s.points, point.t);
      s.points.splice(at, 0, point);
    }
  }
}
