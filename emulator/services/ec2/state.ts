import type { VpcEndpointSeed } from "../../scenario/security";

/** EC2 as the emulator keeps it: the VPC endpoints of each account and Region (seeded from scenario/security.ts). */
export class Ec2State {
  private readonly endpoints = new Map<string, VpcEndpointSeed[]>();

  constructor(seeds: VpcEndpointSeed[]) {
    for (const e of seeds) this.add(e);
  }

  /** Adds an endpoint (the seeds, and tests). */
  add(e: VpcEndpointSeed): void {
    const key = `${e.account}|${e.region}`;
    this.endpoints.set(key, [...(this.endpoints.get(key) ?? []), e]);
  }

  /** The endpoints of an account in a Region, in creation order. */
  vpcEndpoints(account: string, region: string): VpcEndpointSeed[] {
    return [...(this.endpoints.get(`${account}|${region}`) ?? [])].sort((a, b) => a.createdMs - b.createdMs);
  }
}
