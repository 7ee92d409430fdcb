/**
 * The emulator's one clock. Metric history follows the wall clock (so any time range has data
 * and the present keeps moving); the emulator's own processes (cluster creation, jobs, backups,
 * restores) run `timeScale` times faster, so tests and demos need not wait minutes.
 */
export class Clock {
  private offsetMs = 0;

  constructor(readonly timeScale = 1) {
    if (!(timeScale > 0)) throw new Error("time scale must be a positive number");
  }

  /** Wall-clock milliseconds, shifted by `advance()` in tests. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Moves the emulator's present forward (tests only). */
  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** How far a process that started at `startMs` and takes `durationMs` (at scale 1) has come, 0..1. */
  progress(startMs: number, durationMs: number): number {
    if (durationMs <= 0) return 1;
    return Math.min(1, Math.max(0, ((this.now() - startMs) * this.timeScale) / durationMs));
  }

  /** The wall-clock instant at which such a process ends. */
  endOf(startMs: number, durationMs: number): number {
    return startMs + durationMs / this.timeScale;
  }
}
