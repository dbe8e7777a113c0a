/**
 * The zenWatcher settings of an environment with every default of schemas/environment.schema.json
 * (#/properties/zenWatcher) filled in. What has no default stays optional: replicas (the profile decides), shards
 * (only for the sharded pattern) and the status webhook's caInjectFrom.
 */
import type { Environment } from '../../config/generated/environment';
import { sectionWithDefaults, type DeepRequired } from '../../config/section-defaults';

type ZenWatcher = NonNullable<Environment['zenWatcher']>;
type StatusAdmission = NonNullable<ZenWatcher['statusAdmission']>;

export type ZenWatcherSettings = DeepRequired<Omit<ZenWatcher, 'replicas' | 'shards' | 'statusAdmission'>> &
  Pick<ZenWatcher, 'replicas' | 'shards'> & {
    readonly statusAdmission: DeepRequired<Omit<StatusAdmission, 'caInjectFrom'>> & Pick<StatusAdmission, 'caInjectFrom'>;
  };

export function zenWatcherSettings(env: Readonly<Environment>): ZenWatcherSettings {
  return sectionWithDefaults(env, 'zenWatcher') as ZenWatcherSettings;
}
