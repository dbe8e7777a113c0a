/**
 * The real bin (bin/plimsoll.js) in a child process: the other CLI tests run it in-process (runCli), so these prove
 * that the process wiring gives the same exit codes and streams.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { PLIMSOLL_VERSION } from '../../src/version';
import { plimsoll, plimsollProcess, tempDir, webDeployment } from '../helpers/cli';

describe('bin/plimsoll.js', () => {
  it('exits 0 with the version on stdout, 2 with the usage on stderr for an unknown command', () => {
    expect(plimsollProcess(['--version'])).toEqual({ status: 0, stdout: `${PLIMSOLL_VERSION}\n`, stderr: '' });
    const r = plimsollProcess(['no-such-command']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^plimsoll: unknown command "no-such-command"\n\nusage: plimsoll <command>/);
  });

  it('gives the exit code and output of the in-process CLI: 1 on error findings, 0 without', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'unpinned.yaml'), webDeployment('docker.io/library/nginx:1.27'));
    writeFileSync(join(dir, 'pinned.yaml'), webDeployment(`docker.io/library/nginx:1.27@sha256:${'a'.repeat(64)}`));
    for (const [file, status] of [
      ['unpinned.yaml', 1],
      ['pinned.yaml', 0],
    ] as const) {
      const args = ['validate', join(dir, file), '--no-waivers', '--format', 'json'];
      const child = plimsollProcess(args);
      expect(child.status, child.stderr).toBe(status);
      expect(child).toEqual(await plimsoll(args));
    }
  });

  it('reads standard input for `validate -`', () => {
    const r = plimsollProcess(['validate', '-', '--no-waivers'], { input: webDeployment('docker.io/library/nginx:1.27') });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('<stdin>');
    expect(r.stdout).toContain('image-digest');
  });
});
