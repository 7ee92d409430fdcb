import { z } from "zod";
import { AwsError, operationHandler } from "../../protocols/errors";
import { pageOf } from "../../protocols/paging";
import { hash32, rng } from "../../scenario/random";

/**
 * Service Quotas (JSON 1.1, target ServiceQuotasV20190624, SigV4 name `servicequotas`) for Aurora
 * DSQL: ListServiceQuotas and GetServiceQuota with the applied values per account and Region. The
 * quota names, defaults and units are those of AWS's general reference page for DSQL ("Cluster
 * size" 10,000 GB, "Connections per cluster" 10,000, "Multi-Region clusters" 5, "Single-Region
 * clusters" 20). Simplifications: the service code `dsql` and the `L-` quota codes are made up
 * here (AWS's are not documented; the dashboard finds quotas by name), and only DSQL is served.
 */

export const SERVICE_QUOTAS_TARGET = "ServiceQuotasV20190624";
export const DSQL_SERVICE_CODE = "dsql";

export const DSQL_QUOTAS = [
  { name: "Cluster size", value: 10_000, unit: "Gigabytes" },
  { name: "Connections per cluster", value: 10_000, unit: "None" },
  { name: "Multi-Region clusters", value: 5, unit: "None" },
  { name: "Single-Region clusters", value: 20, unit: "None" },
] as const;

/** An `L-` code (eight upper-case hex digits) derived from the quota's name. */
export function quotaCode(name: string): string {
  const r = rng(hash32(`servicequotas/dsql/${name}`));
  return `L-${Array.from({ length: 8 }, () => Math.floor(r() * 16).toString(16))
    .join("")
    .toUpperCase()}`;
}

const illegal = (message: string) => new AwsError("IllegalArgumentException", message, 400);
const noSuchResource = (message: string) => new AwsError("NoSuchResourceException", message, 400);

const serviceCode = z.string().min(1).max(63);
const listInput = z.object({ ServiceCode: serviceCode, NextToken: z.string().optional(), MaxResults: z.number().int().min(1).max(100).optional() }).passthrough();
const getInput = z.object({ ServiceCode: serviceCode, QuotaCode: z.string().min(1).max(128) }).passthrough();

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input);
  if (!r.success) throw illegal(`Invalid ${r.error.issues[0].path.join(".") || "input"}: ${r.error.issues[0].message}`);
  return r.data;
}

export class ServiceQuotasService {
  /** `overrides`: applied values by `account|region|quota name`, where they are not the default. */
  constructor(private readonly overrides: Map<string, number>) {}

  /** Every Service Quotas operation the emulator answers. */
  private readonly operations: Record<string, (input: Record<string, unknown>, region: string, account: string) => unknown> = {
    ListServiceQuotas: (i, r, a) => this.list(i, r, a),
    GetServiceQuota: (i, r, a) => this.get(i, r, a),
  };

  call(operation: string, input: Record<string, unknown>, region: string, account: string): unknown {
    return operationHandler(this.operations, operation)(input, region, account);
  }

  private quotas(code: string, region: string, account: string) {
    if (code !== DSQL_SERVICE_CODE) throw noSuchResource("The request failed because the specified service does not exist.");
    return DSQL_QUOTAS.map((q) => {
      const QuotaCode = quotaCode(q.name);
      return {
        ServiceCode: DSQL_SERVICE_CODE,
        ServiceName: "Amazon Aurora DSQL",
        QuotaArn: `arn:aws:servicequotas:${region}:${account}:${DSQL_SERVICE_CODE}/${QuotaCode}`,
        QuotaCode,
        QuotaName: q.name,
        Value: this.overrides.get(`${account}|${region}|${q.name}`) ?? q.value,
        Unit: q.unit,
        Adjustable: true,
        GlobalQuota: false,
        QuotaAppliedAtLevel: "ACCOUNT",
      };
    });
  }

  private list(input: Record<string, unknown>, region: string, account: string) {
    const q = parse(listInput, input);
    const all = this.quotas(q.ServiceCode, region, account);
    const { page, nextToken } = pageOf(all, {
      max: q.MaxResults === undefined ? null : String(q.MaxResults),
      token: q.NextToken ?? null,
      limit: 100,
      invalid: illegal,
      invalidToken: (m) => new AwsError("InvalidPaginationTokenException", m, 400),
    });
    return { Quotas: page, ...(nextToken && { NextToken: nextToken }) };
  }

  private get(input: Record<string, unknown>, region: string, account: string) {
    const q = parse(getInput, input);
    const quota = this.quotas(q.ServiceCode, region, account).find((x) => x.QuotaCode === q.QuotaCode);
    if (!quota) throw noSuchResource("The request failed because the specified resource does not exist.");
    return { Quota: quota };
  }
}
