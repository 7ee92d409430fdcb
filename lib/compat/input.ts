import { z } from "zod";

/**
 * What the assessment accepts over HTTP, shared by the route (validation) and the page (checks
 * before upload). A 5 MB schema dump must fit; the JSON envelope adds escapes, hence the margin.
 */
export const MAX_SQL_CHARS = 6 * 1024 * 1024;
export const MAX_FILES = 50;
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

export const assessRequestSchema = z
  .object({
    files: z
      .array(
        z.object({
          name: z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters"),
          sql: z.string().max(MAX_SQL_CHARS, `must be at most ${MAX_SQL_CHARS / 1024 / 1024} MiB`),
        }),
      )
      .min(1, "must hold at least one file")
      .max(MAX_FILES, `must hold at most ${MAX_FILES} files`),
  })
  .superRefine((body, ctx) => {
    const total = body.files.reduce((n, f) => n + f.sql.length, 0);
    if (total > MAX_SQL_CHARS) ctx.addIssue({ code: "custom", path: ["files"], message: `hold ${total} characters of SQL in all; the limit is ${MAX_SQL_CHARS}` });
  });

export type AssessRequest = z.infer<typeof assessRequestSchema>;
