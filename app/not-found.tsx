import Link from "next/link";

export default function NotFound() {
  return (
    <div className="space-y-2">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="text-sm text-slate-600">There is no such cluster or page in the watched regions.</p>
      <Link href="/" className="text-sky-700 hover:underline">
        Back to the fleet
      </Link>
    </div>
  );
}
