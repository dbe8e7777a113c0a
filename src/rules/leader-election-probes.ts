import { defineRule } from './types';
import { containersOf, podSpecsOf } from '../lib/pod-specs';
import { runsUntilReplaced } from './lib/long-running';
import { obj } from './lib/values';
import type { RuleFinding } from '../check/types';

type ProbeName = 'readinessProbe' | 'livenessProbe' | 'startupProbe';

interface Options {
  leadershipAwarePaths: string[];
  probes: ProbeName[];
}

/** A leader-election flag (`--leader-elect`, `--leader-elect=true`, `--leader-election-id=x`, …). */
const FLAG = /^--leader-elect(ion)?([-=]|$)/;
/** A leader-election environment variable (`LEADER_ELECTION_ID`, `LEADER_ELECT`, …). */
const ENV = /^LEADER_ELECT(ION)?(_|$)/;
/** The switches that can turn leader election off: the container is then no controller here. */
const OFF_FLAG = /^--leader-elect(ion)?=false$/;
const OFF_ENV = new Set(['LEADER_ELECT', 'LEADER_ELECTION', 'LEADER_ELECTION_ENABLED']);

/**
 * Whether a container elects a leader, judged from what the manifest shows: a leader-election flag in its command
 * or args, or a leader-election environment variable, and no switch setting it to false.
 */
function electsLeader(container: Record<string, unknown>): boolean {
  const words = [container.command, container.args].flatMap((l) => (Array.isArray(l) ? l.map(String) : []));
  const env = (Array.isArray(container.env) ? container.env : []).map(obj);
  if (words.some((w) => OFF_FLAG.test(w)) || env.some((e) => OFF_ENV.has(String(e.name)) && String(e.value).toLowerCase() === 'false')) return false;
  return words.some((w) => FLAG.test(w)) || env.some((e) => ENV.test(String(e.name ?? '')));
}

/** The path without its query string or a trailing slash. */
function bare(path: string): string {
  const p = path.split('?')[0];
  return p.length > 1 ? p.replace(/\/+$/, '') : p;
}

export default defineRule<Options>({
  meta: {
    id: 'leader-election-probes',
    description:
      'A controller’s probe targets a leadership-aware endpoint (`/readyz`, 503 on followers), so standby replicas never become Ready (or are restarted). A controller is a container of a long-running workload (Deployment, StatefulSet, DaemonSet, ReplicaSet) that elects a leader by what its manifest shows: a `--leader-elect…`/`--leader-election…` flag in command or args, or a `LEADER_ELECT…`/`LEADER_ELECTION…` environment variable, unless one sets it to false. Leader election a binary does by default, with neither, is not seen.',
    remediation:
      'Point the controller’s startup, liveness and readiness probes at its liveness endpoint (`/healthz`) so active and standby replicas can remain Ready (Shipshape runbook, "Controller probe semantics"); keep `/readyz` as an operator diagnostic.',
    category: 'reliability',
    scope: 'object',
    defaultSeverity: 'warning',
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        leadershipAwarePaths: {
          description: 'HTTP paths that answer by leadership (503 on followers); a subpath or query of one counts.',
          type: 'array',
          items: { type: 'string', pattern: '^/' },
          default: ['/readyz'],
        },
        probes: {
          description: 'Probes judged.',
          type: 'array',
          items: { enum: ['readinessProbe', 'livenessProbe', 'startupProbe'] },
          default: ['readinessProbe', 'livenessProbe', 'startupProbe'],
        },
      },
    },
  },
  *check({ inventory, options, podTemplates }): Iterable<RuleFinding> {
    const aware = options.leadershipAwarePaths.map(bare);
    for (const item of inventory.items) {
      for (const pod of podSpecsOf(item, podTemplates)) {
        // A bare Pod is not replicated: it leads whenever it runs, so a leadership-aware probe answers.
        if (item.kind === 'Pod' || !runsUntilReplaced(item.kind, pod, false)) continue;
        for (const { container, path, list } of containersOf(pod)) {
          if (list !== 'containers' || !electsLeader(container)) continue;
          for (const probe of options.probes) {
            const target = obj(obj(container[probe]).httpGet).path;
            if (typeof target !== 'string') continue;
            const hit = aware.find((p) => bare(target) === p || bare(target).startsWith(`${p}/`));
            if (hit === undefined) continue;
            yield {
              item,
              path: `${path}/${probe}/httpGet/path`,
              message: `container "${String(container.name ?? '?')}" elects a leader, but its ${probe} targets ${target}, which is leadership-aware (503 on followers); expected a path that every replica answers, such as /healthz`,
            };
          }
        }
      }
    }
  },
});
