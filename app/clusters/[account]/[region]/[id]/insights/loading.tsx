import { PageSkeleton } from "@/components/page-skeleton";

export default function Loading() {
  return <PageSkeleton label="Loading insights" note="Asking CloudWatch PromQL for the cluster's active sessions…" />;
}
