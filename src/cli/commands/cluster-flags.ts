/** Flags every live-cluster command shares (--context, --kubeconfig, --env, --request-timeout) and how to connect. */
import { connect, type ClusterClient } from '../../cluster/client';
import { InputError } from '../../lib/errors';
import type { CliIo } from '../io';

export const CLUSTER_FLAGS = {
  context: { type: 'string' },
  kubeconfig: { type: 'string' },
  env: { type: 'string' },
  'request-timeout': { type: 'string' },
} as const;

export const CLUSTER_FLAGS_USAGE = '--context NAME --env NAME [--kubeconfig FILE] [--request-timeout 15s]';

/** `15s`, `500ms`, `1m`, or plain seconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m || Number(m[1]) <= 0) throw new InputError(`invalid --request-timeout "${text}"; expected a duration such as 15s, 500ms or 1m`);
  const unit = m[2] ?? 's';
  return Number(m[1]) * (unit === 'ms' ? 1 : unit === 's' ? 1000 : 60_000);
}

export interface ClusterFlagValues {
  context?: string;
  kubeconfig?: string;
  env?: string;
  'request-timeout'?: string;
}

/** Checks the shared flags (before anything is read) and returns the environment name. */
export function requireEnvAndContext(command: string, values: ClusterFlagValues): { env: string; context: string } {
  if (!values.env) throw new InputError(`${command} needs --env NAME (the environment whose dist/<env> to compare)`);
  if (!values.context)
    throw new InputError(
      `${command} needs --context NAME (the kubeconfig context of the environment's cluster; explicit, so an environment is never checked against the wrong cluster)`,
    );
  return { env: values.env, context: values.context };
}

export async function connectFromFlags(command: string, values: ClusterFlagValues, io: CliIo): Promise<ClusterClient> {
  const timeoutMs = values['request-timeout'] ? parseDuration(values['request-timeout']) : undefined;
  return connect({
    context: values.context!,
    kubeconfig: values.kubeconfig,
    policy: { ...(timeoutMs ? { timeoutMs } : {}), onRetry: (message) => io.stderr.write(`plimsoll ${command}: ${message}\n`) },
  });
}

export function headerLine(what: string, env: string, client: ClusterClient): string {
  return `${what} ${env} · context ${client.context} · ${client.server}`;
}
