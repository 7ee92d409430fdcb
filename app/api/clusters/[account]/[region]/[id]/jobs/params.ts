import { z } from "zod";

/** An existing object's name: checked against the catalog, so any characters may appear, as in PostgreSQL. */
export const existingName = z.string().min(1, "is required").max(63, "is longer than 63 characters").refine((s) => !s.includes("\0"), "must not contain NUL");
