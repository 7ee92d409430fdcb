import { PageSkeleton } from "@/components/page-skeleton";

export default function Loading() {
  return <PageSkeleton label="Loading readiness" note="Reading the cluster's policy, endpoints, streams, backups and connections…" />;
}
