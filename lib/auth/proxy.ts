import type { AuthConfig } from "../aws/config";
import { AppError } from "../errors";
import type { User } from "./index";

type ProxyAuth = Extract<AuthConfig, { mode: "proxy" }>;

/** Identity passed by an authenticating proxy. Not implemented yet: every proxied request is refused. */
export async function userFromProxy(_headers: Headers, _auth: ProxyAuth): Promise<User> {
  throw new AppError(403, "Proxy authentication is not available yet", "Forbidden");
}
