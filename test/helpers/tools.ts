/**
 * Real tools the tests use as a second opinion (kubectl kustomize, promtool, amtool, chromium, xmllint). A missing tool
 * fails the test with a message saying how to get it; only an explicit opt-out variable turns that into a skip,
 * and the skip is announced on stderr, never silent.
 */
import { spawnSync } from 'node:child_process';

export interface Tool {
  readonly command: string;
  /** How a developer or CI gets it. */
  readonly install: string;
  /** Environment variable that, set to 1, skips the tests that need the tool. */
  readonly optOut: string;
}

export const KUBECTL: Tool = { command: 'kubectl', install: 'install kubectl (it includes kustomize)', optOut: 'PLIMSOLL_SKIP_KUSTOMIZE' };
export const PROMTOOL: Tool = { command: 'promtool', install: 'apt-get install -y prometheus (Debian ships promtool in it)', optOut: 'PLIMSOLL_SKIP_PROMTOOL' };
export const CHROMIUM: Tool = {
  command: 'chromium',
  install: "apt-get install -y chromium (Debian's headless-capable Chromium)",
  optOut: 'PLIMSOLL_SKIP_CHROMIUM',
};
export const AMTOOL: Tool = {
  command: 'amtool',
  install: 'apt-get install -y prometheus-alertmanager (Debian ships amtool in it)',
  optOut: 'PLIMSOLL_SKIP_AMTOOL',
};

/** Checks JUnit reports against the Jenkins JUnit XSD (`xmllint --schema`). */
export const XMLLINT: Tool = { command: 'xmllint', install: 'apt-get install -y libxml2-utils (Debian ships xmllint in it)', optOut: 'PLIMSOLL_SKIP_XMLLINT' };

/** The shells `plimsoll completion` writes for (test/cli/completion.test.ts). */
export const BASH: Tool = { command: 'bash', install: 'apt-get install -y bash', optOut: 'PLIMSOLL_SKIP_SHELLS' };
export const ZSH: Tool = { command: 'zsh', install: 'apt-get install -y zsh', optOut: 'PLIMSOLL_SKIP_SHELLS' };
export const FISH: Tool = { command: 'fish', install: 'apt-get install -y fish', optOut: 'PLIMSOLL_SKIP_SHELLS' };

export function toolAvailable(tool: Tool): boolean {
  return spawnSync(tool.command, ['--help'], { stdio: 'ignore' }).error === undefined;
}

/** 'run' when the tool is there; 'skip' (announced) when missing and opted out; throws otherwise. */
export function requireTool(tool: Tool): 'run' | 'skip' {
  if (toolAvailable(tool)) return 'run';
  if (process.env[tool.optOut] === '1') {
    process.stderr.write(`\n*** SKIPPING tests that need ${tool.command}: not installed and ${tool.optOut}=1 ***\n\n`);
    return 'skip';
  }
  throw new Error(`${tool.command} is not installed: ${tool.install}, or set ${tool.optOut}=1 to skip these tests explicitly`);
}
