/**
 * `PLIMSOLL_TIMINGS=1` prints when each phase of a run ends, in ms since the process started (worker threads
 * included: process.uptime() is process-wide), to stderr. For finding where time goes; silent otherwise.
 */
const enabled = process.env.PLIMSOLL_TIMINGS === '1';

export function timing(phase: string): void {
  if (enabled) process.stderr.write(`plimsoll timing ${(process.uptime() * 1000).toFixed(0).padStart(6)} ms  ${phase}\n`);
}
