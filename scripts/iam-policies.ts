/**
 * Prints docs/iam.md, the IAM policies generated from lib/aws/permissions.ts; `--write` writes it.
 * lib/aws/permissions.test.ts checks that the file in the repository is what this prints.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { iamGuide } from "../lib/aws/iam-guide";

const text = iamGuide();
if (process.argv.includes("--write")) writeFileSync(path.resolve(import.meta.dirname, "../docs/iam.md"), text);
else process.stdout.write(text);
