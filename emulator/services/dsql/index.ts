import { bindRoutes, type RestRoute, type StateRoute } from "../../protocols/rest-json";
import { createCluster, deleteCluster, getCluster, getVpcEndpointServiceName, listClusters, updateCluster } from "./clusters";
import { deleteClusterPolicy, getClusterPolicy, putClusterPolicy } from "./policies";
import { DsqlState } from "./state";
import { createStream, deleteStream, getStream, listStreams } from "./streams";
import { listTagsForResource, tagResource, untagResource } from "./tags";

export { CREATE_MS, clusterArn, type ClusterRecord, type ClusterStatus, type StreamRecord } from "./state";

/** Every DSQL control-plane operation the emulator answers: its REST route and the function answering it. */
const ROUTES: StateRoute<DsqlState>[] = [
  // clusters.ts
  { method: "GET", path: "/cluster", operation: "ListClusters", handler: listClusters },
  { method: "POST", path: "/cluster", operation: "CreateCluster", handler: createCluster },
  { method: "GET", path: "/cluster/{identifier}", operation: "GetCluster", handler: getCluster },
  { method: "POST", path: "/cluster/{identifier}", operation: "UpdateCluster", handler: updateCluster },
  { method: "DELETE", path: "/cluster/{identifier}", operation: "DeleteCluster", handler: deleteCluster },
  { method: "GET", path: "/clusters/{identifier}/vpc-endpoint-service-name", operation: "GetVpcEndpointServiceName", handler: getVpcEndpointServiceName },
  // policies.ts
  { method: "GET", path: "/cluster/{identifier}/policy", operation: "GetClusterPolicy", handler: getClusterPolicy },
  { method: "POST", path: "/cluster/{identifier}/policy", operation: "PutClusterPolicy", handler: putClusterPolicy },
  { method: "DELETE", path: "/cluster/{identifier}/policy", operation: "DeleteClusterPolicy", handler: deleteClusterPolicy },
  // streams.ts
  { method: "GET", path: "/stream/{clusterIdentifier}", operation: "ListStreams", handler: listStreams },
  { method: "POST", path: "/stream/{clusterIdentifier}", operation: "CreateStream", handler: createStream },
  { method: "GET", path: "/stream/{clusterIdentifier}/{streamIdentifier}", operation: "GetStream", handler: getStream },
  { method: "DELETE", path: "/stream/{clusterIdentifier}/{streamIdentifier}", operation: "DeleteStream", handler: deleteStream },
  // tags.ts
  { method: "GET", path: "/tags/{resourceArn}", operation: "ListTagsForResource", handler: listTagsForResource },
  { method: "POST", path: "/tags/{resourceArn}", operation: "TagResource", handler: tagResource },
  { method: "DELETE", path: "/tags/{resourceArn}", operation: "UntagResource", handler: untagResource },
];

/** The DSQL control plane: the clusters of each region (state.ts) behind the routes above. */
export class DsqlService extends DsqlState {
  routes(): RestRoute[] {
    return bindRoutes<DsqlState>(this, ROUTES);
  }
}
