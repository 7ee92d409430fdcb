import { defineConfig } from "@playwright/test";

// Debian's Chromium, never a downloaded browser; these flags keep it off the (closed) network.
const port = Number(process.env.E2E_PORT ?? 3100);
const dataDir = process.env.E2E_DATA_DIR ?? `.data-e2e-${port}`;

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  // Specs that read the seeded incidents as they were seeded run first: later specs change that
  // state (the jobs spec drops the seeded invalid index, the restore spec adds clusters).
  projects: [
    { name: "seeded-state", testMatch: /triage\.spec\.ts/, use: { browserName: "chromium" } },
    { name: "chromium", testIgnore: /triage\.spec\.ts/, dependencies: ["seeded-state"], use: { browserName: "chromium" } },
  ],
  webServer: {
    command: `rm -rf ${dataDir} && npm start`,
    url: `http://127.0.0.1:${port}/`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PORT: String(port),
      DSQL_OPS_DATA_DIR: dataDir,
      // Emulated processes (cluster creation, jobs, backups, restores) run 60x faster in tests.
      DSQL_OPS_EMULATOR_TIME_SCALE: process.env.E2E_TIME_SCALE ?? "60",
      // A CloudWatch answer is kept at most a minute (not the default ten for coarse periods), so an
      // injected fault reaches a page within the fault tests' wait; unit tests cover the keeping.
      DSQL_OPS_METRICS_MAX_AGE_S: "60",
      // The drill runner ticks every 2 s instead of 30, so a drill follows the sped-up emulator.
      DSQL_OPS_DRILL_TICK_S: "2",
    },
  },
});
