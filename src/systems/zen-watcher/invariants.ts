/**
 * Zen Watcher (runbook 002): the deployment pattern and its replicas, namespace shards that never overlap,
 * leader-election timings that can work, and a status-integrity webhook that fails closed in production.
 */
import type { Environment } from '../../config/generated/environment';
import type { SchemaProblem } from '../../config/schemas';
import type { ZenWatcherSettings } from './settings';

export function zenWatcherInvariants(env: Readonly<Environment>, zw: ZenWatcherSettings): SchemaProblem[] {
  if (!zw.enabled) return [];
  const problems: SchemaProblem[] = [];
  const pattern = zw.pattern;
  const production = env.tier === 'production';

  if (production && pattern === 'single') {
    problems.push({
      path: '/zenWatcher/pattern',
      message:
        'got "single" in a production environment, expected "replicated" or "sharded" (the guide\'s single replica is for dev/test: no HA during pod restarts)',
    });
  }
  if (zw.replicas !== undefined) {
    if (pattern === 'single' && zw.replicas !== 1) {
      problems.push({
        path: '/zenWatcher/replicas',
        message: `got ${zw.replicas} with pattern "single", expected 1 or no replicas (use pattern "replicated" for more)`,
      });
    } else if (pattern === 'replicated' && zw.replicas < 2) {
      problems.push({
        path: '/zenWatcher/replicas',
        message: `got ${zw.replicas} with pattern "replicated", expected at least 2 (use pattern "single" for one replica)`,
      });
    } else if (pattern === 'sharded' && production && zw.replicas < 2) {
      problems.push({ path: '/zenWatcher/replicas', message: `got ${zw.replicas} in a production environment, expected at least 2 replicas per shard` });
    }
  }

  const shards = zw.shards ?? [];
  if (pattern === 'sharded' && shards.length === 0) {
    problems.push({ path: '/zenWatcher/shards', message: 'got no shards with pattern "sharded", expected at least one { name, namespaces } entry' });
  }
  if (pattern !== 'sharded' && shards.length > 0) {
    problems.push({
      path: '/zenWatcher/shards',
      message: `got ${shards.length} shard(s) with pattern "${pattern}", expected none (set pattern "sharded" to use them)`,
    });
  }
  const shardByName = new Map<string, number>();
  const ownerOf = new Map<string, string>();
  shards.forEach((shard, i) => {
    const first = shardByName.get(shard.name);
    if (first !== undefined) {
      problems.push({
        path: `/zenWatcher/shards/${i}/name`,
        message: `got "${shard.name}" again (shard ${first} has it), expected a unique shard name: each shard renders objects named zen-watcher-<name>`,
      });
    } else {
      shardByName.set(shard.name, i);
    }
    if (production && shard.replicas !== undefined && shard.replicas < 2) {
      problems.push({
        path: `/zenWatcher/shards/${i}/replicas`,
        message: `got ${shard.replicas} for shard "${shard.name}" in a production environment, expected at least 2 (HA within the shard)`,
      });
    }
    shard.namespaces.forEach((namespace, j) => {
      const owner = ownerOf.get(namespace);
      if (owner !== undefined && owner !== shard.name) {
        problems.push({
          path: `/zenWatcher/shards/${i}/namespaces/${j}`,
          message: `got namespace "${namespace}" in shards "${owner}" and "${shard.name}", expected each namespace in one shard only (two leaders would write duplicate Observations for it)`,
        });
      } else {
        ownerOf.set(namespace, shard.name);
      }
    });
  });

  const { leaseDurationSeconds: lease, renewDeadlineSeconds: renew, retryPeriodSeconds: retry } = zw.leaderElection;
  if (!(lease > renew && renew > retry)) {
    problems.push({
      path: '/zenWatcher/leaderElection',
      message: `got leaseDurationSeconds ${lease}, renewDeadlineSeconds ${renew}, retryPeriodSeconds ${retry}, expected lease duration > renew deadline > retry period (the guide: 15 > 10 > 2)`,
    });
  }

  if (production && zw.statusAdmission.enabled && zw.statusAdmission.failurePolicy === 'Ignore') {
    problems.push({
      path: '/zenWatcher/statusAdmission/failurePolicy',
      message: 'got "Ignore" in a production environment, expected "Fail" (a status-integrity check that fails open protects nothing when the guard is down)',
    });
  }
  return problems;
}
