/**
 * Zen Watcher resource profiles, by name: the rows of the guide's "Capacity Planning → Resource Sizing" table
 * (events per day → requests, limits, replicas) and its "Resource Requests and Limits" production and development
 * presets. Data, not a construct: the environment names a profile (zenWatcher.resourceProfile) and the system
 * passes the profile's figures to ZenWatcherInstance.
 */

export interface ZenWatcherResources {
  /** CPU request in millicores. */
  readonly cpuRequestMillis: number;
  /** CPU limit in millicores. */
  readonly cpuLimitMillis: number;
  /** Memory request in MiB. */
  readonly memoryRequestMebibytes: number;
  /** Memory limit in MiB. */
  readonly memoryLimitMebibytes: number;
}

export interface ZenWatcherResourceProfile extends ZenWatcherResources {
  /** Where the figures come from in the guide. */
  readonly source: string;
  /** The replica count the guide recommends with these figures ("5+" is 5). */
  readonly replicas: number;
}

export type ZenWatcherResourceProfileName = 'events-lt-1k' | 'events-1k-10k' | 'events-10k-100k' | 'events-gt-100k' | 'production' | 'development';

export const ZEN_WATCHER_RESOURCE_PROFILES: Readonly<Record<ZenWatcherResourceProfileName, ZenWatcherResourceProfile>> = Object.freeze({
  'events-lt-1k': {
    source: 'Resource Sizing: < 1,000 events/day',
    cpuRequestMillis: 10,
    cpuLimitMillis: 50,
    memoryRequestMebibytes: 32,
    memoryLimitMebibytes: 64,
    replicas: 1,
  },
  'events-1k-10k': {
    source: 'Resource Sizing: 1,000 - 10,000 events/day',
    cpuRequestMillis: 50,
    cpuLimitMillis: 200,
    memoryRequestMebibytes: 64,
    memoryLimitMebibytes: 128,
    replicas: 2,
  },
  'events-10k-100k': {
    source: 'Resource Sizing: 10,000 - 100,000 events/day',
    cpuRequestMillis: 100,
    cpuLimitMillis: 500,
    memoryRequestMebibytes: 128,
    memoryLimitMebibytes: 256,
    replicas: 3,
  },
  'events-gt-100k': {
    source: 'Resource Sizing: > 100,000 events/day (5+ replicas)',
    cpuRequestMillis: 200,
    cpuLimitMillis: 1000,
    memoryRequestMebibytes: 256,
    memoryLimitMebibytes: 512,
    replicas: 5,
  },
  // "Production Settings"; replicas from "Pattern 2: Multiple Replicas (Production) - Default: 2".
  production: {
    source: 'Resource Requests and Limits: Production Settings',
    cpuRequestMillis: 100,
    cpuLimitMillis: 500,
    memoryRequestMebibytes: 128,
    memoryLimitMebibytes: 512,
    replicas: 2,
  },
  // "Development Settings"; replicas from "Pattern 1: Single Replica (Development/Testing)".
  development: {
    source: 'Resource Requests and Limits: Development Settings',
    cpuRequestMillis: 50,
    cpuLimitMillis: 100,
    memoryRequestMebibytes: 64,
    memoryLimitMebibytes: 128,
    replicas: 1,
  },
});

/** The guide's default for "Pattern 2: Multiple Replicas": `replicas: 2-3  # Default: 2`. */
export const ZEN_WATCHER_DEFAULT_HA_REPLICAS = 2;

export function zenWatcherResourceProfile(name: string): ZenWatcherResourceProfile {
  const profile = (ZEN_WATCHER_RESOURCE_PROFILES as Record<string, ZenWatcherResourceProfile>)[name];
  if (!profile) throw new Error(`unknown Zen Watcher resource profile "${name}"; expected one of ${Object.keys(ZEN_WATCHER_RESOURCE_PROFILES).join(', ')}`);
  return profile;
}

/**
 * Replicas of one instance: 1 for the single pattern; otherwise the explicit count, else the profile's
 * recommendation but never fewer than the guide's HA default of 2 (one replica is the single pattern).
 */
export function zenWatcherReplicas(pattern: 'single' | 'replicated' | 'sharded', profile: ZenWatcherResourceProfile, explicit?: number): number {
  if (pattern === 'single') return 1;
  return explicit ?? Math.max(ZEN_WATCHER_DEFAULT_HA_REPLICAS, profile.replicas);
}
