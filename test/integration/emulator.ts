import { startEmulator, type Emulator, type EmulatorOptions } from "../../emulator/server";

/** Starts an emulator on a free port for a suite; the SDK clients get its endpoint and dummy credentials. */
export async function withEmulator(opts: EmulatorOptions = {}): Promise<Emulator & { clientConfig: (region: string) => { region: string; endpoint: string; credentials: { accessKeyId: string; secretAccessKey: string }; maxAttempts: number } }> {
  const emu = await startEmulator({ port: 0, ...opts });
  return {
    ...emu,
    clientConfig: (region: string) => ({ region, endpoint: emu.endpoint, credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 1 }),
  };
}
