import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DescribeServicesCommand, GetProductsCommand, paginateGetProducts, PricingClient } from "@aws-sdk/client-pricing";
import { withEmulator } from "./emulator";

let emu: Awaited<ReturnType<typeof withEmulator>>;
const pricing = () => new PricingClient(emu.clientConfig("us-east-1"));

beforeAll(async () => {
  emu = await withEmulator();
});
afterAll(() => emu.close());

describe("the Price List Query API through the real SDK", () => {
  it("lists AuroraDSQL's attributes", async () => {
    const r = await pricing().send(new DescribeServicesCommand({ ServiceCode: "AuroraDSQL" }));
    expect(r.Services![0].AttributeNames).toEqual(expect.arrayContaining(["regionCode", "usagetype"]));
  });

  it("answers a Region's DPU and storage prices as price-list documents", async () => {
    const r = await pricing().send(new GetProductsCommand({ ServiceCode: "AuroraDSQL", Filters: [{ Type: "TERM_MATCH", Field: "regionCode", Value: "eu-west-1" }], FormatVersion: "aws_v1" }));
    const docs: { product: { attributes: Record<string, string> }; terms: { OnDemand: Record<string, unknown> } }[] = r.PriceList!.map((d: unknown) => JSON.parse(String(d)));
    const byUsage = Object.fromEntries(
      docs.map((d) => {
        const term = Object.values(d.terms.OnDemand)[0] as { priceDimensions: Record<string, { unit: string; pricePerUnit: { USD: string } }> };
        return [d.product.attributes.usagetype, Object.values(term.priceDimensions)[0]];
      }),
    );
    expect(Object.keys(byUsage).sort()).toEqual(["EU-DSQL-DistributedProcessingUnits", "EU-DSQL-Storage-ByteHrs"]);
    expect(Number(byUsage["EU-DSQL-DistributedProcessingUnits"].pricePerUnit.USD) * 1e6).toBeCloseTo(8.8, 6);
    expect(byUsage["EU-DSQL-Storage-ByteHrs"].unit).toBe("GB-Mo");
  });

  it("pages with MaxResults and refuses what AWS refuses", async () => {
    let pages = 0;
    for await (const page of paginateGetProducts({ client: pricing(), pageSize: 1 }, { ServiceCode: "AuroraDSQL", Filters: [{ Type: "TERM_MATCH", Field: "regionCode", Value: "us-east-1" }] })) {
      pages++;
      expect(page.PriceList).toHaveLength(1);
    }
    expect(pages).toBe(2);
    await expect(pricing().send(new GetProductsCommand({ ServiceCode: "AuroraDSQL", MaxResults: 500 }))).rejects.toMatchObject({ name: "InvalidParameterException" });
    await expect(pricing().send(new GetProductsCommand({ ServiceCode: "AmazonEC2" }))).rejects.toMatchObject({ name: "NotFoundException" });
  });
});
