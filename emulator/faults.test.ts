import { describe, expect, it } from "vitest";
import { FaultInjector, parseFaults } from "./faults";

const call = { service: "dsql", region: "us-east-1", operation: "ListClusters" };

describe("FaultInjector", () => {
  it("injects nothing without rules", () => {
    expect(new FaultInjector().decide(call)).toEqual({ delayMs: 0 });
  });

  it("scopes rules by service, region and operation", () => {
    const f = new FaultInjector([{ kind: "error", service: "dsql", region: "eu-west-1", operation: "GetCluster" }]);
    expect(f.decide(call).response).toBeUndefined();
    expect(f.decide({ ...call, region: "eu-west-1" }).response).toBeUndefined();
    expect(f.decide({ ...call, region: "eu-west-1", operation: "GetCluster" }).response?.status).toBe(500);
    expect(f.decide({ service: "monitoring", region: "eu-west-1", operation: "GetCluster" }).response).toBeUndefined();
  });

  it("accepts cloudwatch as the name of the monitoring service", () => {
    const f = new FaultInjector([{ kind: "throttle", service: "cloudwatch" }]);
    expect(f.decide({ service: "monitoring", region: "us-east-1", operation: "GetMetricData" }).response?.status).toBe(400);
  });

  it("renders throttling in each service's wire shape", () => {
    const f = new FaultInjector([{ kind: "throttle" }]);
    const dsql = f.decide(call).response!;
    expect(dsql.status).toBe(429);
    expect(dsql.headers["x-amzn-errortype"]).toBe("ThrottlingException");
    expect(JSON.parse(dsql.body)).toHaveProperty("message");

    const cw = f.decide({ service: "monitoring", region: "us-east-1", operation: "GetMetricData" }).response!;
    expect(cw.status).toBe(400);
    expect(cw.headers["content-type"]).toBe("application/x-amz-json-1.0");
    expect(cw.headers["x-amzn-query-error"]).toBe("Throttling;Sender");
    expect(JSON.parse(cw.body).__type).toMatch(/#ThrottlingException$/);

    const backup = f.decide({ service: "backup", region: "us-east-1" }).response!;
    expect(JSON.parse(backup.body)).toMatchObject({ Code: "ThrottlingException" });
  });

  it("renders 5xx faults as server errors, 503 as ServiceUnavailable", () => {
    const f = new FaultInjector([{ kind: "error", status: 503 }]);
    const r = f.decide(call).response!;
    expect(r.status).toBe(503);
    expect(r.headers["x-amzn-errortype"]).toBe("ServiceUnavailableException");
    const cw = new FaultInjector([{ kind: "error" }]).decide({ service: "monitoring", region: "us-east-1" }).response!;
    expect(cw.headers["x-amzn-query-error"]).toBe("InternalServiceError;Receiver");
  });

  it("takes a region down by reset or by a load balancer's 503", () => {
    expect(new FaultInjector([{ kind: "down", region: "us-east-1" }]).decide(call).reset).toBe(true);
    const lb = new FaultInjector([{ kind: "down", mode: "unavailable" }]).decide(call).response!;
    expect(lb.status).toBe(503);
    expect(lb.headers["content-type"]).toBe("text/html");
  });

  it("answers malformed JSON with a 200", () => {
    const r = new FaultInjector([{ kind: "malformed" }]).decide(call).response!;
    expect(r.status).toBe(200);
    expect(() => JSON.parse(r.body)).toThrow();
  });

  it("adds up latency and still lets the call through", () => {
    const f = new FaultInjector([
      { kind: "latency", latencyMs: 100 },
      { kind: "latency", latencyMs: 50, service: "dsql" },
    ]);
    expect(f.decide(call)).toEqual({ delayMs: 150 });
  });

  it("fails about the configured share of calls, the same ones on every run", () => {
    const runs = () => {
      const f = new FaultInjector([{ kind: "throttle", rate: 0.3 }]);
      return Array.from({ length: 1000 }, () => !!f.decide(call).response);
    };
    const a = runs();
    const share = a.filter(Boolean).length / a.length;
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.35);
    expect(runs()).toEqual(a);
  });

  it("stops after `times` injections", () => {
    const f = new FaultInjector([{ kind: "error", times: 2 }]);
    expect(f.decide(call).response).toBeDefined();
    expect(f.decide(call).response).toBeDefined();
    expect(f.decide(call).response).toBeUndefined();
    expect(f.list()).toEqual([]);
  });

  it("rejects unknown kinds and fields", () => {
    expect(() => new FaultInjector([{ kind: "meteor" } as never])).toThrow();
    expect(() => new FaultInjector([{ kind: "throttle", rate: 2 }])).toThrow();
    expect(() => new FaultInjector([{ kind: "throttle", regoin: "x" } as never])).toThrow();
  });
});

describe("the control endpoint", () => {
  const body = (v: unknown) => Buffer.from(JSON.stringify(v));

  it("adds, lists, removes and clears faults", () => {
    const f = new FaultInjector();
    const added = JSON.parse(f.control("POST", "/_emulator/faults", body({ kind: "down", region: "eu-west-1" })).body);
    expect(added.faults).toHaveLength(1);
    f.control("POST", "/_emulator/faults", body({ faults: [{ kind: "throttle" }, { kind: "malformed" }] }));
    expect(JSON.parse(f.control("GET", "/_emulator/faults", Buffer.alloc(0)).body).faults).toHaveLength(3);
    expect(f.control("DELETE", `/_emulator/faults/${added.faults[0].id}`, Buffer.alloc(0)).status).toBe(200);
    expect(f.list()).toHaveLength(2);
    f.control("PUT", "/_emulator/faults", body([{ kind: "error" }]));
    expect(f.list().map((r) => r.kind)).toEqual(["error"]);
    f.control("DELETE", "/_emulator/faults", Buffer.alloc(0));
    expect(f.list()).toEqual([]);
  });

  it("answers 400 naming the bad field, 404 for an unknown id", () => {
    const f = new FaultInjector();
    const bad = f.control("POST", "/_emulator/faults", body({ kind: "error", status: 418 }));
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).message).toMatch(/status/);
    expect(f.control("POST", "/_emulator/faults", Buffer.from("{")).status).toBe(400);
    expect(f.control("DELETE", "/_emulator/faults/nope", Buffer.alloc(0)).status).toBe(404);
  });
});

describe("parseFaults", () => {
  it("reads a rule or an array, and nothing from an empty value", () => {
    expect(parseFaults(undefined)).toEqual([]);
    expect(parseFaults('{"kind":"throttle"}')).toHaveLength(1);
    expect(parseFaults('[{"kind":"throttle"},{"kind":"down","region":"eu-west-1"}]')).toHaveLength(2);
  });
  it("says what is wrong", () => {
    expect(() => parseFaults("{")).toThrow(/not valid JSON/);
    expect(() => parseFaults('{"kind":"latency","latencyMs":-1}')).toThrow(/latencyMs/);
  });
});

describe("CloudWatch over the Query protocol", () => {
  it("gets its faults in XML", () => {
    const f = new FaultInjector([{ kind: "throttle", service: "monitoring" }]);
    const r = f.decide({ service: "monitoring", region: "us-east-1", operation: "DescribeAlarms", query: true }).response!;
    expect(r.status).toBe(400);
    expect(r.headers["content-type"]).toBe("text/xml");
    expect(r.body).toMatch(/<Code>Throttling<\/Code>/);
  });
});

describe("EC2", () => {
  const ec2 = { service: "ec2", region: "us-east-1", operation: "DescribeVpcEndpoints" };
  it("gets its faults in EC2's XML with EC2's codes", () => {
    const throttled = new FaultInjector([{ kind: "throttle", service: "ec2" }]).decide(ec2).response!;
    expect(throttled.status).toBe(503);
    expect(throttled.body).toMatch(/^<\?xml[^>]*><Response><Errors><Error><Code>RequestLimitExceeded<\/Code>/);
    expect(throttled.body).toMatch(/<RequestID>[0-9a-f-]{36}<\/RequestID><\/Response>$/);
    expect(new FaultInjector([{ kind: "denied", service: "ec2" }]).decide(ec2).response!.body).toMatch(/<Code>UnauthorizedOperation<\/Code>.*ec2:DescribeVpcEndpoints/);
    expect(new FaultInjector([{ kind: "error", service: "ec2", status: 503 }]).decide(ec2).response!.body).toMatch(/<Code>Unavailable<\/Code>/);
    expect(new FaultInjector([{ kind: "error", service: "ec2" }]).decide(ec2).response!.body).toMatch(/<Code>InternalError<\/Code>/);
    expect(new FaultInjector([{ kind: "malformed", service: "ec2" }]).decide(ec2).response!.headers["content-type"]).toBe("text/xml");
  });
});
