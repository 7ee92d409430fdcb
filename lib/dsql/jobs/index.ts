/** Index jobs (sys.jobs): the views, reading and coalescing, history, and the index actions. */
export type { ClusterJobs, FleetClusterJobs, FleetJobs, JobSource, JobView } from "./model";
export { CONTACTABLE, within } from "./read";
export { clusterJobs, fleetJobs } from "./coalesce";
export { dropInvalidIndex, listTables, MAX_INDEX_COLUMNS, submitIndex, type IndexRequest, type SubmittedIndex, type TableInfo } from "./actions";
