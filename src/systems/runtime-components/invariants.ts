/** Plimsoll's admission guard (runtimeComponents) and the webhooks that call it. */
import type { Environment } from '../../config/generated/environment';
import type { SchemaProblem } from '../../config/schemas';
import { zenWatcherSettings } from '../zen-watcher/settings';
import type { RuntimeComponentsSettings } from './settings';
import { ADMISSION_GUARD_NAME, PLIMSOLL_SYSTEM_NAMESPACE } from './index';

export function runtimeComponentsInvariants(env: Readonly<Environment>, settings: RuntimeComponentsSettings): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const guard = settings.admissionGuard;
  if (env.tier === 'production' && guard.failurePolicy === 'Ignore') {
    problems.push({
      path: '/runtimeComponents/admissionGuard/failurePolicy',
      message:
        'got "Ignore" in a production environment, expected "Fail" (fail-open is decided per namespace with runtime.webhook.failOpenNamespaces, never for everything)',
    });
  }
  const zen = zenWatcherSettings(env);
  const status = zen.statusAdmission;
  const callsGuard = status.serviceNamespace === PLIMSOLL_SYSTEM_NAMESPACE && status.serviceName === ADMISSION_GUARD_NAME;
  if (!guard.enabled && zen.enabled && status.enabled && callsGuard) {
    problems.push({
      path: '/runtimeComponents/admissionGuard/enabled',
      message: `got false while zenWatcher.statusAdmission is enabled, expected true: that webhook calls ${PLIMSOLL_SYSTEM_NAMESPACE}/${ADMISSION_GUARD_NAME}, which would not exist`,
    });
  }
  return problems;
}
