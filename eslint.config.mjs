import next from "eslint-config-next";

const config = [
  { ignores: [".next*/**", "node_modules/**", "test-results/**", "playwright-report/**", "bench/results.json", "next-env.d.ts", ".data*/**", ".dsql-ops-data/**"] },
  ...next,
  {
    // Every AWS call lives in its service's folder (lib/dsql, lib/backup, lib/metrics, lib/cost for the
    // Price List API; lib/aws builds
    // the clients), so a newcomer finds each call in one step and the IAM list beside them stays
    // complete. Elsewhere only the SDK's types may be named, for shapes those folders hand out.
    files: ["app/**", "components/**", "lib/**", "proxy.ts", "instrumentation.ts"],
    ignores: ["lib/aws/**", "lib/dsql/**", "lib/backup/**", "lib/metrics/**", "lib/cost/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@aws-sdk/client-*", "@aws-sdk/dsql-signer"],
              allowTypeImports: true,
              message: "AWS SDK calls belong in lib/dsql, lib/backup, lib/metrics or lib/cost (one module per service): call a function there instead.",
            },
          ],
        },
      ],
    },
  },
];
export default config;
