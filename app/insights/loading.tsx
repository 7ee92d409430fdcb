import { PageSkeleton } from "@/components/page-skeleton";

export default function Loading() {
  return <PageSkeleton label="Loading fleet insights" note="Asking CloudWatch PromQL for every cluster's active sessions, a few calls per account and Region…" />;
}
