import { PageSkeleton } from "@/components/page-skeleton";

export default function Loading() {
  return <PageSkeleton label="Loading jobs" note="Connecting to the cluster and reading sys.jobs…" />;
}
