/**
 * What the emulator takes from a SigV4 request: the region and service of the credential scope.
 * The signature itself is not verified (the emulator has no secret keys to check it against).
 */
export interface CredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

const SCOPE = /Credential=([^/\s,]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/;

export function parseCredentialScope(authorization: string | undefined, query?: URLSearchParams): CredentialScope | undefined {
  let m: RegExpExecArray | null = null;
  if (authorization?.startsWith("AWS4-HMAC-SHA256 ")) m = SCOPE.exec(authorization);
  else if (query?.get("X-Amz-Credential")) m = SCOPE.exec(`Credential=${query.get("X-Amz-Credential")}`);
  if (!m) return undefined;
  return { accessKeyId: m[1], date: m[2], region: m[3], service: m[4] };
}
