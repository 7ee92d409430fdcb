import type { Metadata } from "next";
import { ClusterHeader } from "@/components/cluster-tabs";
import { ReadinessScorecard } from "@/components/readiness-scorecard";
import { clusterReadiness } from "@/lib/readiness";
import { loadCluster, type ClusterPageParams } from "../load-cluster";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Readiness" };

export default async function ClusterReadinessPage({ params }: { params: Promise<ClusterPageParams> }) {
  const { cluster, error } = await loadCluster(await params, "readiness");
  if (error) return error;
  const card = await clusterReadiness(cluster);
  return (
    <div className="space-y-4">
      <ClusterHeader cluster={cluster} current="readiness" note="what a production DSQL cluster should have, with the evidence" />
      <ReadinessScorecard card={card} />
    </div>
  );
}
