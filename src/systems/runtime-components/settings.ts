/**
 * The runtimeComponents settings of an environment with every default of schemas/environment.schema.json
 * (#/properties/runtimeComponents) filled in. The guard's namespaces and certificateIssuer have none: absent, the
 * system derives them (every rendered namespace; a self-signed Issuer).
 */
import type { Environment } from '../../config/generated/environment';
import { sectionWithDefaults, type DeepRequired } from '../../config/section-defaults';

type RuntimeComponents = NonNullable<Environment['runtimeComponents']>;
type AdmissionGuard = NonNullable<RuntimeComponents['admissionGuard']>;

export type RuntimeComponentsSettings = DeepRequired<Omit<RuntimeComponents, 'admissionGuard'>> & {
  readonly admissionGuard: DeepRequired<Omit<AdmissionGuard, 'namespaces' | 'certificateIssuer'>> & Pick<AdmissionGuard, 'namespaces' | 'certificateIssuer'>;
};

export function runtimeComponentsSettings(env: Readonly<Environment>): RuntimeComponentsSettings {
  return sectionWithDefaults(env, 'runtimeComponents') as RuntimeComponentsSettings;
}
