import next from "eslint-config-next";

const config = [
  { ignores: [".next*/**", "node_modules/**", "test-results/**", "playwright-report/**", "bench/results.json", "next-env.d.ts", ".data*/**", ".dsql-ops-data/**"] },
  ...next,
];
export default config;
