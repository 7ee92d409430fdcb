import Link from "next/link";

/** Rendered with HTTP 403 by `forbidden()`: the user is known but lacks the role. */
export default function Forbidden() {
  return (
    <div className="space-y-2" data-testid="forbidden">
      <h1 className="text-2xl font-semibold">Operators only</h1>
      <p className="text-sm text-slate-600">This page needs the operator role. Ask an administrator to add you to a group mapped to operator (DSQL_OPS_GROUP_ROLES).</p>
      <Link href="/" className="text-sky-700 hover:underline">
        Back to the fleet
      </Link>
    </div>
  );
}
