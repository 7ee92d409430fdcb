import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { Clock } from "./clock";
import { FaultInjector, type FaultRuleInput } from "./faults";
import { AwsError } from "./protocols/errors";
import type { EmuRequest, EmuResponse } from "./protocols/http";
import { json } from "./protocols/http";
import { json10Error, json10Input, json10Operation, json10Response } from "./protocols/json10";
import { isQueryRequest, queryError, queryInput, queryResponse, type QueryService } from "./protocols/query";
import { compileRoutes, dispatchRestJson, restJsonError } from "./protocols/rest-json";
import { parseCredentialScope } from "./protocols/sigv4";
import { demoOrganization } from "./scenario/accounts";
import { seedDemoAlarms } from "./scenario/alarms";
import { demoScenario, generatedFleet, type Scenario } from "./scenario/fleet";
import { configAccounts, demoConfigRules, demoQuotaOverrides } from "./scenario/governance";
import { demoVpcEndpoints } from "./scenario/security";
import { BackupService } from "./services/backup";
import { CloudWatchService } from "./services/cloudwatch";
import { CONFIG_TARGET, ConfigService } from "./services/config";
import { callCostExplorer, COST_EXPLORER_TARGET } from "./services/costexplorer";
import { cloudWatchErrorShape } from "./services/cloudwatch/input";
import { DsqlService } from "./services/dsql";
import { PromqlService, promqlOperation } from "./services/promql";
import { PromqlQuota, type PromqlQuotaOptions } from "./services/promql/quota";
import { EC2_QUERY, Ec2Service } from "./services/ec2";
import { callOrganizations, ORGANIZATIONS_TARGET } from "./services/organizations";
import { callPricing, PRICING_TARGET } from "./services/pricing";
import { SERVICE_QUOTAS_TARGET, ServiceQuotasService } from "./services/servicequotas";
import { SNS_QUERY, SnsService } from "./services/sns";
import { callSts, STS_QUERY } from "./services/sts";
import { Identities, type Caller } from "./services/sts/identity";
import { SqlFront, type SqlEndpoint } from "./sql/front";
import { TokenError } from "./sql/token";

export interface EmulatorOptions {
  port?: number;
  host?: string;
  timeScale?: number;
  /**
   * The instant the scenario's incidents are placed around (minutes are kept): by default the start
   * of the current hour, so an incident "under way" may end within minutes of a start late in the
   * hour. A test that needs one under way for a while sets it a little before now.
   */
  anchorMs?: number;
  /** Replace the demo scenario with N generated clusters. */
  fleet?: number;
  /** With `fleet`: spread the generated clusters over this many accounts of the organisation. */
  accounts?: number;
  /** Largest request body accepted, bytes. */
  maxBodyBytes?: number;
  /** Faults injected from the start (see faults.ts); more can be set through /_emulator/faults. */
  faults?: FaultRuleInput[];
  /** Port of the SQL endpoint (PostgreSQL wire protocol, every cluster behind it); 0 picks a free one. */
  sqlPort?: number;
  /** CloudWatch PromQL quotas per account and Region (services/promql/quota.ts; the defaults are assumed figures). */
  promqlQuota?: Partial<PromqlQuotaOptions>;
}

export interface Emulator {
  endpoint: string;
  port: number;
  regions: string[];
  clock: Clock;
  anchorMs: number;
  scenario: Scenario;
  dsql: DsqlService;
  cloudwatch: CloudWatchService;
  backup: BackupService;
  faults: FaultInjector;
  /** The accounts of the organisation and the credentials issued to them (STS). */
  identities: Identities;
  /** SNS topics, and the messages published to them. */
  sns: SnsService;
  /** EC2's VPC endpoints, per account and Region. */
  ec2: Ec2Service;
  /** AWS Config's DSQL rules, per account and Region. */
  config: ConfigService;
  /** Service Quotas' applied DSQL quotas, per account and Region. */
  quotas: ServiceQuotasService;
  /** AWS calls answered so far, by `account/region/service:Operation` (for tests that count calls). */
  calls: Map<string, number>;
  /** The clusters' SQL endpoint; a session reaches its cluster by the hostname in its IAM token. */
  sql: SqlFront;
  /** CloudWatch's Prometheus-compatible query API (Database Insights' active sessions). */
  promql: PromqlService;
  sqlEndpoint: SqlEndpoint;
  close(): Promise<void>;
}

const CW_TARGET = "GraniteServiceVersion20100801";
const CW_NAMESPACE = "com.amazonaws.cloudwatch";
/** The JSON 1.1 services, by SigV4 name: the namespace of their errors. */
const JSON11_NAMESPACES: Record<string, string> = {
  organizations: "com.amazonaws.organizations",
  pricing: "com.amazonaws.pricing",
  ce: "com.amazonaws.costexplorer",
  config: "com.amazonaws.configservice",
  servicequotas: "com.amazonaws.servicequotas",
};

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new AwsError("RequestEntityTooLarge", `Request body exceeds ${limit} bytes`, 413));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, r: EmuResponse, requestId: string) {
  res.writeHead(r.status, { ...r.headers, "x-amzn-requestid": requestId, "content-length": Buffer.byteLength(r.body) });
  res.end(r.body);
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const clock = new Clock(opts.timeScale ?? 1);
  const anchorMs = opts.anchorMs !== undefined ? Math.floor(opts.anchorMs / 60_000) * 60_000 : Math.floor(clock.now() / 3_600_000) * 3_600_000;
  const scenario = opts.fleet ? generatedFleet(opts.fleet, opts.accounts) : demoScenario();
  const dsql = new DsqlService(clock, scenario, anchorMs);
  const cloudwatch = new CloudWatchService(clock, dsql, anchorMs);
  seedDemoAlarms(cloudwatch.alarms, dsql.all(), anchorMs);
  const dsqlRoutes = compileRoutes(dsql.routes());
  const backup = new BackupService(clock, dsql, scenario, anchorMs);
  const backupRoutes = compileRoutes(backup.routes());
  const maxBody = opts.maxBodyBytes ?? 5 * 1024 * 1024;
  const faults = new FaultInjector(opts.faults);
  const identities = new Identities(demoOrganization(scenario.extraAccounts));
  const org = identities.organization;
  const linked = new Set(org.monitoringSources);
  cloudwatch.linkedSources = (monitoring) => (monitoring === org.managementAccountId ? linked : new Set());
  // The on-call and information topics an operator picks for alarm notifications.
  const sns = new SnsService(clock, { accounts: org.accounts.filter((a) => a.status === "ACTIVE").map((a) => a.id), regions: scenario.regions, names: ["dsql-ops-oncall", "dsql-ops-info"] });
  cloudwatch.alarmNotifier = (arn, subject, message) => sns.deliver(arn, subject, message);
  // Cost Explorer's bill comes from the same metrics CloudWatch serves.
  const bill = {
    accounts: org.accounts.map((a) => a.id),
    regions: scenario.regions,
    clusters: (region: string, account: string) =>
      cloudwatch.clusterSources(region, account).map((src) => {
        const arn = src.key.slice(0, src.key.lastIndexOf("@"));
        return { src, arn, tags: dsql.find(region, arn.slice(arn.lastIndexOf("/") + 1), account)?.tags ?? {} };
      }),
  };
  // The VPC endpoints the readiness checks look for (orders-prod's, in the prod account).
  const ec2 = new Ec2Service(demoVpcEndpoints(scenario, anchorMs));
  // AWS Config in the accounts that run it, judging DSQL's live state; Service Quotas' applied values.
  const configService = new ConfigService(clock, dsql, demoConfigRules(scenario), { accounts: configAccounts(scenario), sinceMs: anchorMs - 400 * 86_400_000 });
  const quotas = new ServiceQuotasService(demoQuotaOverrides());
  const calls = new Map<string, number>();
  // A token's access key names its account as STS knows it; an unknown or expired temporary key is no token at all.
  const accountOf = (accessKeyId: string) => {
    try {
      return identities.resolve(accessKeyId).account;
    } catch (err) {
      throw new TokenError("28P01", `unable to accept connection, access denied: ${(err as Error).message}`);
    }
  };
  const sql = new SqlFront(clock, dsql, clock.now(), new Set(scenario.clusters.map((c) => c.identifier)), accountOf);
  sql.conflicts = faults;
  const seededIds = new Set(scenario.clusters.map((c) => c.identifier));
  sql.restoredFrom = (pointArn) => {
    const source = backup.points.find((p) => p.arn === pointArn)?.resourceArn;
    const rec = source ? dsql.all().find((c) => c.arn === source) : undefined;
    return rec && seededIds.has(rec.identifier) ? rec.name : undefined;
  };
  const captureKeyOf = (p: { resourceArn: string; startedMs: number }) => `${p.resourceArn}@${p.startedMs}`;
  sql.captureKeyOf = (pointArn) => {
    const p = backup.points.find((q) => q.arn === pointArn);
    return p && captureKeyOf(p);
  };
  backup.onPointStarted = (p) => sql.capture(captureKeyOf(p), p.resourceArn);
  // A scan's load falls once its index is valid: the PromQL series read that from the cluster's own catalog and sys.jobs.
  const promql = new PromqlService(clock, dsql, cloudwatch, (rec, table, column) => sql.indexValidSince(rec, table, column), new PromqlQuota(opts.promqlQuota));
  /** PromQL shares CloudWatch's endpoint and signing name; its paths set it apart. */
  const isPromql = (req: EmuRequest) => req.service === "monitoring" && req.path.startsWith("/api/v1/");
  // REST services by SigV4 name, so a fault can be scoped to an operation before dispatch.
  const restRoutes: Record<string, ReturnType<typeof compileRoutes>> = { dsql: dsqlRoutes, backup: backupRoutes };
  const operationOf = (req: EmuRequest): string | undefined => {
    if (isPromql(req)) return promqlOperation(req.path);
    if (restRoutes[req.service]) return restRoutes[req.service].find((r) => r.method === req.method && r.pattern.test(req.path))?.operation;
    // Query services (CloudWatch's XML side, STS, SNS, EC2) name the action in the form body, or in the URL of a GET.
    if (isQueryRequest(req)) return (req.method === "GET" ? req.query : new URLSearchParams(req.body.toString("utf8"))).get("Action") ?? undefined;
    return String(req.headers["x-amz-target"] ?? "").split(".")[1];
  };

  /** A call from a caller whose key the emulator cannot accept, answered in the service's own protocol. */
  function callerError(req: EmuRequest, err: AwsError): EmuResponse {
    if (req.service === "monitoring" && !isQueryRequest(req)) return json10Error(err, CW_NAMESPACE, cloudWatchErrorShape);
    if (req.service === "monitoring") return queryError(err, req.requestId);
    if (req.service === "sts") return queryError(err, req.requestId, STS_QUERY);
    if (req.service === "sns") return queryError(err, req.requestId, SNS_QUERY);
    if (req.service === "ec2") return queryError(err, req.requestId, EC2_QUERY);
    if (JSON11_NAMESPACES[req.service]) return json10Error(err, JSON11_NAMESPACES[req.service], undefined, "1.1");
    return restJsonError(err, req.service === "backup" ? "pascal" : "lower");
  }

  /** A Query-protocol (XML) service: the action decoded, the answer or the AWS error encoded (CloudWatch's namespace unless told). */
  async function answerQuery(req: EmuRequest, svc: QueryService | undefined, call: (action: string, input: Record<string, unknown>) => unknown): Promise<EmuResponse> {
    try {
      const { action, input } = queryInput(req, svc);
      return queryResponse(action, await call(action, input), req.requestId, svc);
    } catch (err) {
      if (err instanceof AwsError) return queryError(err, req.requestId, svc);
      throw err;
    }
  }

  /** A JSON 1.0/1.1 service: the operation from X-Amz-Target, the answer or the AWS error encoded. */
  async function answerJson(
    req: EmuRequest,
    target: string,
    errors: { namespace: string; shape?: (code: string) => string; version?: "1.1" },
    call: (op: string, input: Record<string, unknown>) => unknown,
  ): Promise<EmuResponse> {
    try {
      const op = json10Operation(req, target);
      if (!op) throw new AwsError("UnknownOperationException", "Missing X-Amz-Target header", 400);
      return json10Response(await call(op, json10Input(req)), errors.version);
    } catch (err) {
      if (err instanceof AwsError) return json10Error(err, errors.namespace, errors.shape, errors.version);
      throw err;
    }
  }

  async function handleAws(req: EmuRequest, caller: Caller): Promise<EmuResponse> {
    // Restores that finished since the last request create their clusters before anyone looks.
    backup.settle();
    switch (req.service) {
      case "sts":
        return answerQuery(req, STS_QUERY, (action, input) => callSts(identities, caller, action, input));
      case "organizations":
        return answerJson(req, ORGANIZATIONS_TARGET, { namespace: JSON11_NAMESPACES.organizations, version: "1.1" }, (op, input) =>
          callOrganizations(identities.organization, clock, caller, op, input),
        );
      case "sns":
        return answerQuery(req, SNS_QUERY, (action, input) => sns.call(action, input, req.region, caller.account));
      case "ec2":
        return answerQuery(req, EC2_QUERY, (action, input) => ec2.call(action, input, req.region, caller.account));
      case "config":
        return answerJson(req, CONFIG_TARGET, { namespace: JSON11_NAMESPACES.config, version: "1.1" }, (op, input) => configService.call(op, input, req.region, caller.account));
      case "servicequotas":
        return answerJson(req, SERVICE_QUOTAS_TARGET, { namespace: JSON11_NAMESPACES.servicequotas, version: "1.1" }, (op, input) => quotas.call(op, input, req.region, caller.account));
      case "pricing":
        return answerJson(req, PRICING_TARGET, { namespace: JSON11_NAMESPACES.pricing, version: "1.1" }, (op, input) => callPricing(op, input));
      case "ce":
        return answerJson(req, COST_EXPLORER_TARGET, { namespace: JSON11_NAMESPACES.ce, version: "1.1" }, (op, input) =>
          callCostExplorer({ org: identities.organization, clock, bill }, caller, op, input),
        );
      case "dsql":
        return dispatchRestJson(req, dsqlRoutes, "lower");
      case "backup":
        return dispatchRestJson(req, backupRoutes, "pascal");
      case "monitoring":
        if (isPromql(req)) return promql.handle(req, caller.account);
        // CloudWatch speaks both: the Query protocol (AWS CLI, older SDKs) and JSON 1.0 (current SDKs).
        if (isQueryRequest(req)) return answerQuery(req, undefined, (action, input) => cloudwatch.call(action, input, req.region, caller.account));
        return answerJson(req, CW_TARGET, { namespace: CW_NAMESPACE, shape: cloudWatchErrorShape }, (op, input) => cloudwatch.call(op, input, req.region, caller.account));
      default:
        return restJsonError(new AwsError("UnknownServiceException", `The emulator does not serve '${req.service}'`, 400), "lower");
    }
  }

  function handleControl(path: string): EmuResponse {
    if (path === "/_emulator/health") return json(200, { ok: true, regions: scenario.regions, timeScale: clock.timeScale, metricsWarm: cloudwatch.warm, sessionsIssued: identities.sessionsIssued });
    if (path === "/_emulator/sns/messages") return json(200, sns.published);
    if (path === "/_emulator/clusters") {
      return json(
        200,
        dsql.all().map((c) => ({ account: c.account, region: c.region, identifier: c.identifier, name: c.name, status: dsql.status(c), sql: sql.endpoint ?? null })),
      );
    }
    return json(404, { message: `No emulator endpoint ${path}` });
  }

  const server: Server = createServer(async (req, res) => {
    const requestId = randomUUID();
    try {
      const url = new URL(req.url ?? "/", "http://emulator");
      if (url.pathname.startsWith("/_emulator/faults")) return send(res, faults.control(req.method ?? "GET", url.pathname, await readBody(req, maxBody)), requestId);
      if (url.pathname.startsWith("/_emulator/")) return send(res, handleControl(url.pathname), requestId);
      const body = await readBody(req, maxBody);
      const scope = parseCredentialScope(req.headers.authorization, url.searchParams);
      if (!scope) {
        return send(
          res,
          json(403, { message: "Missing Authentication Token: requests must be signed with AWS Signature Version 4" }, { "x-amzn-errortype": "MissingAuthenticationTokenException" }),
          requestId,
        );
      }
      const request: EmuRequest = {
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        region: scope.region,
        service: scope.service,
        requestId,
      };
      const fault = faults.decide({
        service: request.service,
        region: request.region,
        operation: operationOf(request),
        query: request.service === "monitoring" && !isPromql(request) && isQueryRequest(request),
        promql: isPromql(request),
      });
      if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault.reset) return void req.socket.destroy();
      let caller: Caller;
      try {
        caller = identities.resolve(scope.accessKeyId);
      } catch (err) {
        if (err instanceof AwsError) return send(res, callerError(request, err), requestId);
        throw err;
      }
      request.account = caller.account;
      const callKey = `${caller.account}/${request.region}/${request.service}:${operationOf(request) ?? "?"}`;
      calls.set(callKey, (calls.get(callKey) ?? 0) + 1);
      send(res, fault.response ?? (await handleAws(request, caller)), requestId);
    } catch (err) {
      const e = err instanceof AwsError ? err : new AwsError("InternalFailure", "The emulator failed to process the request", 500);
      if (!(err instanceof AwsError)) console.error("[emulator]", err);
      if (!res.headersSent) send(res, json(e.status, { message: e.message }, { "x-amzn-errortype": e.code }), requestId);
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", resolve);
  });
  const port = (server.address() as AddressInfo).port;
  const sqlEndpoint = await sql.start(opts.sqlPort ?? 0, opts.host ?? "127.0.0.1");
  return {
    endpoint: `http://${opts.host ?? "127.0.0.1"}:${port}`,
    port,
    regions: scenario.regions,
    clock,
    anchorMs,
    scenario,
    dsql,
    cloudwatch,
    backup,
    faults,
    identities,
    sns,
    ec2,
    config: configService,
    quotas,
    calls,
    sql,
    sqlEndpoint,
    promql,
    close: async () => {
      await sql.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
