import type { IncomingHttpHeaders } from "node:http";

/** A request as the protocol codecs see it: already read, with its SigV4 region and service. */
export interface EmuRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  region: string;
  service: string;
  requestId: string;
  /** The caller's account, once the access key is resolved (DEFAULT_ACCOUNT before). */
  account?: string;
}

/** The account of the emulator's own demo fleet, and of a request signed with a key it did not issue. */
export const DEFAULT_ACCOUNT = "123456789012";

export interface EmuResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const json = (status: number, value: unknown, headers: Record<string, string> = {}): EmuResponse => ({
  status,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(value),
});

/** Dates travel as epoch seconds in AWS JSON protocols; ISO strings would fail the SDK's parser. */
export const epochSeconds = (ms: number) => Math.round(ms) / 1000;
