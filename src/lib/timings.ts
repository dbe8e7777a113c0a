/**
 * `PLIMSOLL_TIMINGS=1` prints when each phase of a run ends, in ms since the process started (worker threads
 * included: process.uptime() is process-wide) with the process's resident memory then, to stderr. For finding where
 * time and memory go; silent otherwise.
 */
const enabled = process.env.PLIMSOLL_TIMINGS === '1';

export function timing(phase: string): void {
  if (enabled) {
    const rss = (process.memoryUsage.rss() / 1048576).toFixed(0).padStart(5);
    process.stderr.write(`plimsoll timing ${(process.uptime() * 1000).toFixed(0).padStart(6)} ms ${rss} MB  ${phase}\n`);
  }
}
