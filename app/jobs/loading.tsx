import { PageSkeleton } from "@/components/page-skeleton";

export default function Loading() {
  return <PageSkeleton label="Loading jobs" note="Reading sys.jobs on every active cluster…" />;
}
