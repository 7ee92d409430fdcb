/** Who is asking, and what they may do. Only operators may change anything in AWS. */

export type Role = "viewer" | "operator";

export interface User {
  name: string;
  role: Role;
  groups: string[];
}

export const canOperate = (u: User) => u.role === "operator";
