/**
 * The Aurora DSQL price list the emulator's Price List API serves, for the Regions of its
 * scenario. us-east-1 and ap-northeast-1 are AWS's published figures (lib/cost/prices.ts names
 * the sources); us-east-2, eu-west-1 and us-west-2 are the scenario's own, made up for the demo.
 */
export const SCENARIO_PRICES: Record<string, { usagePrefix: string; location: string; dpuPerMillion: number; storageGbMonth: number }> = {
  "us-east-1": { usagePrefix: "USE1", location: "US East (N. Virginia)", dpuPerMillion: 8, storageGbMonth: 0.33 },
  "us-east-2": { usagePrefix: "USE2", location: "US East (Ohio)", dpuPerMillion: 8, storageGbMonth: 0.33 },
  "us-west-2": { usagePrefix: "USW2", location: "US West (Oregon)", dpuPerMillion: 8, storageGbMonth: 0.33 },
  "eu-west-1": { usagePrefix: "EU", location: "EU (Ireland)", dpuPerMillion: 8.8, storageGbMonth: 0.36 },
  "ap-northeast-1": { usagePrefix: "APN1", location: "Asia Pacific (Tokyo)", dpuPerMillion: 10, storageGbMonth: 0.4 },
};
