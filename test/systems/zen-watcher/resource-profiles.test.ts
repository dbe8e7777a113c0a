import { describe, expect, it } from 'vitest';
import { ZEN_WATCHER_RESOURCE_PROFILES, zenWatcherReplicas, zenWatcherResourceProfile } from '../../../src/systems/zen-watcher';

// The guide's "Resource Sizing" table and its "Production Settings" / "Development Settings", row by row:
// [profile, cpu request, cpu limit, memory request, memory limit, replicas].
const GUIDE: Array<[string, string, string, string, string, number]> = [
  ['events-lt-1k', '10m', '50m', '32Mi', '64Mi', 1], // < 1,000 events/day
  ['events-1k-10k', '50m', '200m', '64Mi', '128Mi', 2], // 1,000 - 10,000
  ['events-10k-100k', '100m', '500m', '128Mi', '256Mi', 3], // 10,000 - 100,000
  ['events-gt-100k', '200m', '1000m', '256Mi', '512Mi', 5], // > 100,000 (5+)
  ['production', '100m', '500m', '128Mi', '512Mi', 2], // Production Settings; Pattern 2 default 2
  ['development', '50m', '100m', '64Mi', '128Mi', 1], // Development Settings; Pattern 1
];

describe('Zen Watcher resource profiles', () => {
  it.each(GUIDE)('%s: requests %s/%s, limits %s/%s... as in the guide', (name, cpuReq, cpuLim, memReq, memLim, replicas) => {
    const p = zenWatcherResourceProfile(name);
    expect(`${p.cpuRequestMillis}m`).toBe(cpuReq);
    expect(`${p.cpuLimitMillis}m`).toBe(cpuLim);
    expect(`${p.memoryRequestMebibytes}Mi`).toBe(memReq);
    expect(`${p.memoryLimitMebibytes}Mi`).toBe(memLim);
    expect(p.replicas).toBe(replicas);
  });

  it("has exactly the guide's profiles, and the schema offers exactly these names", async () => {
    expect(Object.keys(ZEN_WATCHER_RESOURCE_PROFILES).sort()).toEqual(GUIDE.map((g) => g[0]).sort());
    const schema = (await import('../../../schemas/environment.schema.json')).default as any;
    expect([...schema.properties.zenWatcher.properties.resourceProfile.enum].sort()).toEqual(GUIDE.map((g) => g[0]).sort());
  });

  it("replicas: 1 for single; explicit when given; else the profile's, at least the guide's default of 2", () => {
    const dev = zenWatcherResourceProfile('development');
    const big = zenWatcherResourceProfile('events-gt-100k');
    expect(zenWatcherReplicas('single', big)).toBe(1);
    expect(zenWatcherReplicas('replicated', dev)).toBe(2);
    expect(zenWatcherReplicas('replicated', zenWatcherResourceProfile('events-10k-100k'))).toBe(3);
    expect(zenWatcherReplicas('sharded', big)).toBe(5);
    expect(zenWatcherReplicas('replicated', big, 4)).toBe(4);
  });

  it('fails if the profile name is unknown', () => {
    expect(() => zenWatcherResourceProfile('huge')).toThrow('unknown Zen Watcher resource profile "huge"; expected one of events-lt-1k');
  });
});
