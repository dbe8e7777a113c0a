/**
 * Prometheus scrapes the guard's plain-HTTP `metrics` port: plimsoll_admission_decisions_total{webhook,decision},
 * plimsoll_admission_rule_decisions_total{webhook,rule,decision}, plimsoll_admission_fail_open_total{namespace},
 * the plimsoll_admission_latency_ms histogram and the bad-request and certificate-reload counters. Every series
 * gets `env`, as the platform's other ServiceMonitors do.
 */
import type { Construct } from 'constructs';
import { EnvLabelledServiceMonitor, type EnvLabelledServiceMonitorProps } from '../../constructs/common/env-labelled-service-monitor';

export interface AdmissionGuardServiceMonitorProps extends Omit<EnvLabelledServiceMonitorProps, 'name'> {
  /**
   * ServiceMonitor name.
   * @default 'plimsoll-admission-guard'
   */
  readonly name?: string;
}

export class AdmissionGuardServiceMonitor extends EnvLabelledServiceMonitor {
  constructor(scope: Construct, id: string, props: AdmissionGuardServiceMonitorProps) {
    super(scope, id, { ...props, name: props.name ?? 'plimsoll-admission-guard' });
  }
}
