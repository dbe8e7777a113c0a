/**
 * The multi-region SRE settings of an environment (schemas/environment.schema.json #/properties/sre) with every
 * default filled in from the schema, so the schema stays the one place the handbook's defaults are written down.
 * Settings without a sensible default (addresses, URLs) stay optional in the type: the invariants
 * (./invariants.ts) require them where a feature that needs them is enabled.
 */
import type { Environment } from '../../config/generated/environment';
import { sectionWithDefaults } from '../../config/section-defaults';

type Sre = NonNullable<Environment['sre']>;
export type SreComponent = NonNullable<Sre['components']>[number];
export type GslbSelector = 'all' | 'pickclosest' | 'random' | 'hashed';
export interface SecretKeyRef {
  readonly name: string;
  readonly key: string;
}

export interface SreSettings {
  readonly namespace: string;
  readonly peers: readonly string[];
  readonly ingressAddresses: readonly string[];
  readonly gslb: {
    readonly enabled: boolean;
    readonly zone?: string;
    readonly ttlSeconds: number;
    readonly selector: GslbSelector;
    readonly backupSelector: GslbSelector;
    readonly hostSelectors: { readonly test?: GslbSelector; readonly prod?: GslbSelector };
    readonly healthCheck: {
      readonly path: string;
      readonly timeoutSeconds: number;
      readonly intervalSeconds: number;
      readonly minimumFailures: number;
      readonly stringmatch?: string;
    };
    readonly powerDnsServerId: string;
  };
  readonly failover: {
    readonly mode: 'automatic' | 'semi-automatic' | 'manual';
    readonly lease: { readonly renewSeconds: number; readonly ttlSeconds: number };
    readonly witness: {
      readonly provider: 'cloudflare-kv' | 's3' | 'http';
      readonly endpoint?: string;
      readonly leaseKey?: string;
      readonly credentialsSecret: SecretKeyRef;
    };
    readonly dnsQuorum: { readonly resolvers: readonly string[]; readonly required: number };
  };
  readonly alerting: {
    readonly enabled: boolean;
    readonly namespace: string;
    readonly automation: { readonly receiver: string; readonly url?: string; readonly credentialsFile: string; readonly credentialsSecret: SecretKeyRef };
    readonly groupBy: readonly string[];
    readonly groupWait: string;
    readonly criticalGroupWait: string;
    readonly namespaceRoutes: ReadonlyArray<{
      readonly namespace: string;
      readonly receiver: string;
      readonly url: string;
      readonly groupBy?: readonly string[];
    }>;
    readonly matrix: {
      readonly namespace: string;
      readonly warning: { readonly receiver: string; readonly slackChannel: string };
      readonly critical: { readonly receiver: string; readonly pagerDutyService: string; readonly slackChannel: string };
    };
    readonly slack: { readonly apiUrlFile: string; readonly apiUrlSecret: SecretKeyRef };
    readonly pagerDuty: { readonly routingKeyFile: string; readonly routingKeySecret: SecretKeyRef };
  };
  readonly components: readonly SreComponent[];
  readonly runbooks: { readonly enabled: boolean };
  readonly runbookBaseUrl: string;
  readonly gpu: {
    readonly enabled: boolean;
    readonly product: string;
    readonly utilizationLowPercent: number;
    readonly memoryExhaustedPercent: number;
    readonly temperatureCelsius: number;
    readonly inference: {
      readonly enabled: boolean;
      readonly namespace: string;
      readonly model: string;
      readonly modelVolumeClaim?: string;
      readonly replicas: number;
      readonly gpusPerReplica: number;
    };
  };
  readonly airGap: { readonly enabled: boolean; readonly registry?: string };
  readonly compliance: {
    readonly gdpr: {
      readonly enabled: boolean;
      readonly timeZone: string;
      readonly dataSubjectRequests: string;
      readonly retention: string;
      readonly complianceApiUrl: string;
    };
  };
}

export function sreSettings(env: Readonly<Environment>): SreSettings {
  return sectionWithDefaults(env, 'sre') as unknown as SreSettings;
}

/** The registry every image is mirrored to, for an air-gapped environment; undefined otherwise. */
export function airGapRegistry(env: Readonly<Environment>): string | undefined {
  const { airGap } = sreSettings(env);
  return airGap.enabled ? airGap.registry : undefined;
}
