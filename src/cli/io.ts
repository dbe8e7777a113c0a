/**
 * Where a command writes: the process's streams for the real CLI, buffers when a caller (a test) runs the CLI
 * in-process (runCli). Commands write only here, never to process.stdout or process.stderr, so in-process runs do
 * not mix their output. The working folder, the environment variables and standard input are the process's.
 */
import type { OutputStream } from '../lib/output-stream';

export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr };
}
