import { z } from "zod";
import { clusterIdParam, regionParam } from "@/lib/http/route";

/** Path parameters shared by the cluster's jobs routes. */
export const clusterParams = z.object({ region: regionParam, id: clusterIdParam });

/** An existing object's name: checked against the catalog, so any characters may appear, as in PostgreSQL. */
export const existingName = z.string().min(1, "is required").max(63, "is longer than 63 characters").refine((s) => !s.includes("\0"), "must not contain NUL");
