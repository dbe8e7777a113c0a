export * from './admission-guard';
export * from './admission-guard-certificate';
export * from './admission-guard-webhook';
export * from './admission-guard-service-monitor';
export * from './evidence-bundler-cron-job';
export * from './plimsoll-system-network-policies';
