import { parseArgs } from 'node:util';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadEnvironment, DEFAULT_ENVIRONMENTS_DIR } from '../../environments/load-environment';
import { resolveEgress, sameCidrs, type EgressResolution } from '../../cluster/resolve-egress';
import { editStringArray, readStringArray } from '../../cluster/overlay-edit';
import { displayPath } from '../../lib/paths';
import { InputError } from '../../lib/errors';
import { CLUSTER_FLAGS, CLUSTER_FLAGS_USAGE, connectFromFlags, requireEnvAndContext } from './cluster-flags';
import type { CliIo } from '../io';

export const RESOLVE_USAGE = `resolve egress ${CLUSTER_FLAGS_USAGE} [--write] [--environments DIR] [--format text|json]
      The kubernetes Service's ClusterIP and endpoint addresses as exact /32 CIDRs for the environment's
      apiServerCidrs (the controller's API egress allow-list), and the overlay change to make; --write edits
      environments/<env>.ts in place. Exit 0 done, 1 --write could not edit the file (the change is printed), 2 error.`;

const HANDOFF = 'docs/operations-artifacts/controller-egress-handoff.md';

function describe(r: EgressResolution): string[] {
  const lines = [
    `  kubernetes Service ClusterIP  ${r.clusterIPs.join(', ') || '-'}${r.servicePorts.length ? `  (port ${r.servicePorts.join(', ')})` : ''}`,
    `  endpoints (${r.endpointSource})  ${r.endpoints.map((e) => `${e.address}${e.ready ? '' : ' (not ready)'}`).join(', ') || '-'}${r.endpointPorts.length ? `  (port ${r.endpointPorts.join(', ')})` : ''}`,
    `  kubeconfig server  ${r.server}`,
  ];
  for (const n of r.notes) lines.push(`  note: ${n}`);
  return lines;
}

export async function runResolve(args: string[], io: CliIo): Promise<number> {
  const [what, ...rest] = args;
  if (what !== 'egress') throw new InputError(`${what ? `unknown resolve target "${what}"` : 'resolve what?'}; expected egress:\n  ${RESOLVE_USAGE}`);
  const { values } = parseArgs({
    args: rest,
    options: { ...CLUSTER_FLAGS, write: { type: 'boolean', default: false }, environments: { type: 'string' }, format: { type: 'string', default: 'text' } },
    strict: true,
    allowPositionals: false,
  });
  if (values.format !== 'text' && values.format !== 'json') throw new InputError(`unknown --format "${values.format}"; expected text or json`);
  const { env: envName } = requireEnvAndContext('resolve egress', values);
  const { env, file } = loadEnvironment(envName, values.environments ? resolve(values.environments) : DEFAULT_ENVIRONMENTS_DIR);
  const client = await connectFromFlags('resolve egress', values, io);
  const r = await resolveEgress(client, env.provider);
  if (!r.cidrs.length) throw new InputError(`resolved no API server address for ${envName} (context ${client.context}):\n${describe(r).join('\n')}`);
  const upToDate = sameCidrs(env.apiServerCidrs, r.cidrs);
  const text = readFileSync(file, 'utf8');
  const edit = editStringArray(text, file, 'apiServerCidrs', r.cidrs);
  const where = `${displayPath(file)}${edit.line ? `:${edit.line}` : ''}`;

  let written = false;
  if (values.write && !upToDate && edit.ok) {
    if (JSON.stringify(readStringArray(edit.text, file, 'apiServerCidrs')) !== JSON.stringify(r.cidrs))
      throw new Error(`overlay edit of ${where} did not produce the resolved CIDRs`);
    const tmp = `${file}.plimsoll-${process.pid}.tmp`;
    writeFileSync(tmp, edit.text);
    renameSync(tmp, file);
    written = true;
  }

  if (values.format === 'json') {
    io.stdout.write(
      `${JSON.stringify(
        {
          environment: envName,
          context: client.context,
          server: r.server,
          file: displayPath(file),
          clusterIPs: r.clusterIPs,
          endpoints: r.endpoints,
          endpointSource: r.endpointSource,
          endpointPorts: r.endpointPorts,
          cidrs: r.cidrs,
          current: env.apiServerCidrs,
          upToDate,
          written,
          notes: r.notes,
          ...(edit.ok ? {} : { cannotEdit: edit.reason }),
        },
        null,
        2,
      )}\n`,
    );
    return values.write && !upToDate && !written ? 1 : 0;
  }

  const out = [`API server egress for ${envName} · context ${client.context}:`, ...describe(r), '', 'apiServerCidrs:', ...r.cidrs.map((c) => `  - ${c}`), ''];
  const literal = `[${r.cidrs.map((c) => `'${c}'`).join(', ')}]`;
  if (upToDate) {
    out.push(`${where}: apiServerCidrs already lists exactly these; nothing to change.`);
  } else if (written && edit.ok) {
    out.push(
      `wrote ${where}:`,
      `-  apiServerCidrs: ${edit.before}`,
      `+  apiServerCidrs: ${edit.after}`,
      '',
      `next: \`plimsoll synth --env ${envName}\`, run the runbook's controller-to-API smoke check, and record the CIDRs in ${HANDOFF}.`,
    );
  } else if (edit.ok) {
    out.push(
      `change ${where}:`,
      `-  apiServerCidrs: ${edit.before}`,
      `+  apiServerCidrs: ${edit.after}`,
      '',
      `run again with --write to make this change, then \`plimsoll synth --env ${envName}\` and record the CIDRs in ${HANDOFF}.`,
    );
  } else {
    out.push(
      `cannot edit ${where} automatically: ${edit.reason}.`,
      `set the environment's apiServerCidrs to ${literal} by hand, then \`plimsoll synth --env ${envName}\` and record the CIDRs in ${HANDOFF}.`,
    );
  }
  io.stdout.write(`${out.join('\n')}\n`);
  return values.write && !upToDate && !written ? 1 : 0;
}
