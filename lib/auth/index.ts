import "server-only";
import { config } from "../aws/config";
import { AppError } from "../errors";

import { canOperate, type User } from "./user";

export { canOperate, type Role, type User } from "./user";

/**
 * The user behind a request. `local` mode: the single local operator (the server listens on
 * 127.0.0.1 only). `none-readonly`: everyone is an anonymous viewer.
 */
export async function userFromRequest(headers: Headers): Promise<User> {
  const auth = config().auth;
  switch (auth.mode) {
    case "local":
      return { name: "local-operator", role: "operator", groups: [] };
    case "none-readonly":
      return { name: "anonymous", role: "viewer", groups: [] };
    case "proxy": {
      const { userFromProxy } = await import("./proxy");
      return userFromProxy(headers, auth);
    }
  }
}

export function requireOperator(user: User, action: string): void {
  if (!canOperate(user)) {
    throw new AppError(403, `${action} needs the operator role; ${user.name} is a ${user.role}`, "Forbidden");
  }
}
