import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { AwsError } from "./errors";
import type { EmuRequest } from "./http";
import { decodeQueryParams, isQueryRequest, queryError, queryInput, queryResponse, type QueryService } from "./query";

const form = (body: string): EmuRequest => ({
  method: "POST",
  path: "/",
  query: new URLSearchParams(),
  headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
  body: Buffer.from(body),
  region: "us-east-1",
  service: "monitoring",
  requestId: "req-1",
});
const parse = (xml: string) => new XMLParser({ ignoreAttributes: false, parseTagValue: false }).parse(xml);

describe("Query protocol: decoding", () => {
  it("decodes nested member lists into the JSON 1.0 input shape, with numbers and booleans coerced by field", () => {
    const body = [
      "Action=GetMetricData",
      "Version=2010-08-01",
      "MetricDataQueries.member.1.Id=tx",
      "MetricDataQueries.member.1.MetricStat.Metric.Namespace=AWS%2FAuroraDSQL",
      "MetricDataQueries.member.1.MetricStat.Metric.MetricName=TotalTransactions",
      "MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name=ClusterId",
      "MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value=123",
      "MetricDataQueries.member.1.MetricStat.Period=60",
      "MetricDataQueries.member.1.MetricStat.Stat=Sum",
      "MetricDataQueries.member.1.ReturnData=false",
      "MetricDataQueries.member.2.Id=rate",
      "MetricDataQueries.member.2.Expression=100%20*%20occ%20%2F%20tx",
      "StartTime=2026-11-25T10%3A00%3A00Z",
      "MaxDatapoints=500",
    ].join("&");
    const { action, input } = queryInput(form(body));
    expect(action).toBe("GetMetricData");
    expect(input).toEqual({
      MetricDataQueries: [
        {
          Id: "tx",
          MetricStat: { Metric: { Namespace: "AWS/AuroraDSQL", MetricName: "TotalTransactions", Dimensions: [{ Name: "ClusterId", Value: "123" }] }, Period: 60, Stat: "Sum" },
          ReturnData: false,
        },
        { Id: "rate", Expression: "100 * occ / tx" },
      ],
      StartTime: "2026-11-25T10:00:00Z",
      MaxDatapoints: 500,
    });
  });

  it("keeps member order by index, closes gaps, and reads PutMetricData values as numbers", () => {
    const p = new URLSearchParams(
      "MetricData.member.2.MetricName=b&MetricData.member.1.MetricName=a&MetricData.member.1.Values.member.2=3.5&MetricData.member.1.Values.member.1=1&MetricData.member.2.StatisticValues.Sum=10&MetricData.member.2.Dimensions.member.1.Value=7",
    );
    expect(decodeQueryParams(p)).toEqual({
      MetricData: [
        { MetricName: "a", Values: [1, 3.5] },
        { MetricName: "b", StatisticValues: { Sum: 10 }, Dimensions: [{ Value: "7" }] },
      ],
    });
  });

  it("decodes entry.N key/value pairs as a map and an empty list as an empty string", () => {
    expect(decodeQueryParams(new URLSearchParams("Attrs.entry.1.key=a&Attrs.entry.1.value=x&Attrs.entry.2.key=b&Attrs.entry.2.value=y&AlarmNames="))).toEqual({
      Attrs: { a: "x", b: "y" },
      AlarmNames: "",
    });
  });

  it("recognises Query requests and rejects a missing Action or a wrong version", () => {
    expect(isQueryRequest(form("Action=ListMetrics"))).toBe(true);
    expect(isQueryRequest({ ...form(""), headers: { "content-type": "application/x-amz-json-1.0" } })).toBe(false);
    expect(() => queryInput(form("Version=2010-08-01"))).toThrow(AwsError);
    expect(() => queryInput(form("Action=ListMetrics&Version=2009-01-01"))).toThrow(/Version/);
    expect(() => queryInput(form("A..B=1&Action=ListMetrics"))).toThrow(/malformed/);
  });
});

describe("Query protocol: encoding", () => {
  it("wraps results in <ActionResponse><ActionResult>, lists as <member>, timestamps as ISO-8601, maps as entries", () => {
    const r = queryResponse(
      "GetMetricStatistics",
      {
        Label: "CommitLatency",
        Datapoints: [{ Timestamp: new Date(Date.UTC(2026, 10, 25, 10)), Average: 1.5, ExtendedStatistics: { p99: 9 } }],
        Missing: undefined,
        Empty: [],
      },
      "req-1",
    );
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toBe("text/xml");
    const doc = parse(r.body).GetMetricStatisticsResponse;
    expect(doc["@_xmlns"]).toBe("http://monitoring.amazonaws.com/doc/2010-08-01/");
    expect(doc.ResponseMetadata.RequestId).toBe("req-1");
    expect(doc.GetMetricStatisticsResult).toEqual({
      Label: "CommitLatency",
      Datapoints: { member: { Timestamp: "2026-11-25T10:00:00.000Z", Average: "1.5", ExtendedStatistics: { entry: { key: "p99", value: "9" } } } },
      Empty: "",
    });
  });

  it("omits the Result element for actions without output", () => {
    const doc = parse(queryResponse("PutMetricData", {}, "r").body);
    expect(doc.PutMetricDataResponse.PutMetricDataResult).toBeUndefined();
    expect(doc.PutMetricDataResponse.ResponseMetadata.RequestId).toBe("r");
  });

  it("escapes text in answers and errors", () => {
    const ok = queryResponse("DescribeAlarms", { MetricAlarms: [{ AlarmName: `a<b>&"c"` }] }, "r");
    expect(ok.body).toContain("a&lt;b&gt;&amp;&quot;c&quot;");
    expect(parse(ok.body).DescribeAlarmsResponse.DescribeAlarmsResult.MetricAlarms.member.AlarmName).toBe(`a<b>&"c"`);
    const err = queryError(new AwsError("InvalidParameterValue", "bad <value> & more", 400), "req-9");
    expect(err.status).toBe(400);
    expect(err.body).not.toContain("<value>");
    const e = parse(err.body).ErrorResponse;
    expect(e.Error).toEqual({ Type: "Sender", Code: "InvalidParameterValue", Message: "bad <value> & more" });
    expect(e.RequestId).toBe("req-9");
  });
});

describe("Query protocol: EC2's dialect", () => {
  const EC2: QueryService = { namespace: "http://ec2.amazonaws.com/doc/2016-11-15/", version: "2016-11-15", numbers: new Set(["MaxResults"]), booleans: new Set(["DryRun"]), ec2: true };
  const ec2Form = (body: string) => ({ ...form(body), service: "ec2" });

  it("decodes flattened lists (Filter.N.Value.M, VpcEndpointId.N), numbers and booleans", () => {
    const body =
      "Action=DescribeVpcEndpoints&Version=2016-11-15&Filter.1.Name=service-name&Filter.1.Value.1=a&Filter.1.Value.2=b&Filter.2.Name=vpc-endpoint-state&Filter.2.Value.1=available&VpcEndpointId.2=vpce-2&VpcEndpointId.1=vpce-1&MaxResults=5&DryRun=false";
    expect(queryInput(ec2Form(body), EC2)).toEqual({
      action: "DescribeVpcEndpoints",
      input: {
        Filter: [
          { Name: "service-name", Value: ["a", "b"] },
          { Name: "vpc-endpoint-state", Value: ["available"] },
        ],
        VpcEndpointId: ["vpce-1", "vpce-2"],
        MaxResults: 5,
        DryRun: false,
      },
    });
    // The CloudWatch dialect does not read a bare index as a list.
    expect(decodeQueryParams(new URLSearchParams("Filter.1.Name=x"))).toEqual({ Filter: { "1": { Name: "x" } } });
    expect(() => queryInput(ec2Form("Action=DescribeVpcEndpoints&Version=2010-08-01"), EC2)).toThrow(/Version/);
  });

  it("answers without a Result wrapper: <requestId> first, members as the service names them, lists as <item>", () => {
    const r = queryResponse(
      "DescribeVpcEndpoints",
      { vpcEndpointSet: [{ vpcEndpointId: "vpce-1", subnetIdSet: ["s-1", "s-2"], privateDnsEnabled: true, creationTimestamp: new Date(Date.UTC(2026, 0, 2)) }], nextToken: undefined },
      "req-7",
      EC2,
    );
    expect(r.status).toBe(200);
    expect(r.body).toContain('<DescribeVpcEndpointsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req-7</requestId><vpcEndpointSet><item>');
    const doc = parse(r.body).DescribeVpcEndpointsResponse;
    expect(doc.vpcEndpointSet.item).toEqual({ vpcEndpointId: "vpce-1", subnetIdSet: { item: ["s-1", "s-2"] }, privateDnsEnabled: "true", creationTimestamp: "2026-01-02T00:00:00.000Z" });
    expect(doc.nextToken).toBeUndefined();
    expect(parse(queryResponse("DescribeVpcEndpoints", { vpcEndpointSet: [] }, "r", EC2).body).DescribeVpcEndpointsResponse.vpcEndpointSet).toBe("");
  });

  it("renders errors as EC2 does: <Response><Errors><Error> and <RequestID>", () => {
    const err = queryError(new AwsError("InvalidVpcEndpointId.NotFound", "The Vpc Endpoint Id 'vpce-1' does not exist", 400), "req-8", EC2);
    expect(err.status).toBe(400);
    expect(parse(err.body)).toEqual({
      "?xml": { "@_version": "1.0", "@_encoding": "UTF-8" },
      Response: { Errors: { Error: { Code: "InvalidVpcEndpointId.NotFound", Message: "The Vpc Endpoint Id 'vpce-1' does not exist" } }, RequestID: "req-8" },
    });
  });
});
