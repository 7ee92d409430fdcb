#!/usr/bin/env node
// The dsql-ops command line. It runs with plain node: the TypeScript sources in lib/ are loaded
// through tsx's API (tsx is a runtime dependency), so there is no build step to forget.
import { tsImport } from "tsx/esm/api";

const { main } = await tsImport("../lib/compat/cli.ts", import.meta.url);
process.exitCode = await main(process.argv.slice(2));
