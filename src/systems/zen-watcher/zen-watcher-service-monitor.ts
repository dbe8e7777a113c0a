/**
 * The ServiceMonitor the guide enables (`serviceMonitor.enabled=true`): Prometheus scrapes `/metrics` on the
 * `http` port (8080) of every zen-watcher Service (one per instance), each series labelled with `env`.
 */
import type { Construct } from 'constructs';
import { EnvLabelledServiceMonitor, type EnvLabelledServiceMonitorProps } from '../../constructs/common/env-labelled-service-monitor';

export interface ZenWatcherServiceMonitorProps extends Omit<EnvLabelledServiceMonitorProps, 'name'> {
  /**
   * ServiceMonitor name.
   * @default 'zen-watcher'
   */
  readonly name?: string;
}

export class ZenWatcherServiceMonitor extends EnvLabelledServiceMonitor {
  constructor(scope: Construct, id: string, props: ZenWatcherServiceMonitorProps) {
    super(scope, id, { ...props, name: props.name ?? 'zen-watcher' });
  }
}
