import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { alertRouting, AlertmanagerFile, AlertmanagerRoutingConfig, type AlertRoutingInput } from '../../../src/systems/sre';
import { AMTOOL, requireTool } from '../../helpers/tools';
import { plimsoll, ROOT, tempDir } from '../../helpers/cli';
import { only, SHIPPED, synth, type K8sObject } from './helpers';

const amtool = requireTool(AMTOOL);

/** The shipshape matrix and the handbook's §12 configuration as environment settings give them. */
const INPUT: AlertRoutingInput = {
  automation: { receiver: 'gitea-actions', url: 'https://gitea.fsn.acme.example/api/v1/repos/acme/platform/actions/dispatches' },
  groupBy: ['alertname', 'namespace'],
  groupWait: '30s',
  criticalGroupWait: '10s',
  namespaceRoutes: [
    {
      namespace: 'cortex',
      receiver: 'ai-oncall',
      url: 'https://gitea.fsn.acme.example/api/v1/repos/acme/cortex/actions/dispatches',
      groupBy: ['alertname', 'model'],
    },
  ],
  matrix: {
    namespace: 'shipshape',
    warning: { receiver: 'shipshape-warning', slackChannel: '#shipshape-oncall' },
    critical: { receiver: 'shipshape-critical', pagerDutyService: 'shipshape-prod', slackChannel: '#shipshape-incidents' },
  },
};
const CREDENTIALS = {
  automationTokenFile: '/etc/alertmanager/gitea-token',
  slackApiUrlFile: '/etc/alertmanager/secrets/alertmanager-slack/api-url',
  pagerDutyRoutingKeyFiles: { 'shipshape-prod': '/etc/alertmanager/secrets/alertmanager-pagerduty/shipshape-prod' },
};
const SECRETS = {
  automationToken: { name: 'alertmanager-gitea-token', key: 'token' },
  slackApiUrl: { name: 'alertmanager-slack', key: 'api-url' },
  pagerDutyRoutingKeys: { 'shipshape-prod': { name: 'alertmanager-pagerduty', key: 'shipshape-prod' } },
};

function amtoolCheck(text: string): { status: number | null; output: string } {
  const file = join(tempDir('plimsoll-amtool-'), 'alertmanager.yaml');
  writeFileSync(file, text);
  const r = spawnSync('amtool', ['check-config', file], { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

function renderFile(input: AlertRoutingInput = INPUT) {
  let built!: AlertmanagerFile;
  const { files } = synth((chart) => {
    built = new AlertmanagerFile(chart, 'am', { routing: alertRouting(input), credentials: CREDENTIALS });
  });
  expect(files).toHaveLength(1);
  return { built, file: files[0] };
}

function renderConfig(input: AlertRoutingInput = INPUT, name?: string): K8sObject {
  return only(
    synth((chart) => new AlertmanagerRoutingConfig(chart, 'amc', { namespace: 'monitoring', routing: alertRouting(input), secrets: SECRETS, name })).objects,
    'AlertmanagerConfig',
  );
}

/** Route and receiver facts both renderings must agree on, in one shape. */
function fromFile(c: any) {
  return {
    root: [c.route.receiver, c.route.group_by, c.route.group_wait],
    routes: c.route.routes.map((r: any) => [r.receiver, r.matchers, r.group_by ?? null, r.group_wait ?? null, r.continue ?? false]),
    receivers: c.receivers.map((r: any) => [
      r.name,
      (r.webhook_configs ?? []).map((w: any) => [w.url, w.http_config.authorization.type, w.send_resolved ?? null]),
      (r.slack_configs ?? []).map((s: any) => [s.channel, s.send_resolved]),
      (r.pagerduty_configs ?? []).length,
    ]),
  };
}
function fromCr(spec: any) {
  return {
    root: [spec.route.receiver, spec.route.groupBy, spec.route.groupWait],
    routes: spec.route.routes.map((r: any) => [
      r.receiver,
      r.matchers.map((m: any) => `${m.name}${m.matchType}"${m.value}"`),
      r.groupBy ?? null,
      r.groupWait ?? null,
      r.continue ?? false,
    ]),
    receivers: spec.receivers.map((r: any) => [
      r.name,
      (r.webhookConfigs ?? []).map((w: any) => [w.url, w.httpConfig.authorization.type, w.sendResolved ?? null]),
      (r.slackConfigs ?? []).map((s: any) => [s.channel, s.sendResolved]),
      (r.pagerdutyConfigs ?? []).length,
    ]),
  };
}

describe('alert routing tree', () => {
  it("routes the handbook's §12 automation and the shipshape matrix", () => {
    const routing = alertRouting(INPUT);
    expect(routing.root).toEqual({ receiver: 'gitea-actions', groupBy: ['alertname', 'namespace'], groupWait: '30s' });
    expect(routing.routes).toEqual([
      {
        receiver: 'shipshape-critical',
        matchers: [
          { name: 'namespace', value: 'shipshape' },
          { name: 'severity', value: 'critical' },
        ],
        groupWait: '10s',
        continue: true,
      },
      {
        receiver: 'shipshape-warning',
        matchers: [
          { name: 'namespace', value: 'shipshape' },
          { name: 'severity', value: 'warning' },
        ],
        continue: true,
      },
      { receiver: 'gitea-actions', matchers: [{ name: 'severity', value: 'critical' }], groupWait: '10s' },
      { receiver: 'ai-oncall', matchers: [{ name: 'namespace', value: 'cortex' }], groupBy: ['alertname', 'model'] },
    ]);
    expect(routing.receivers.map((r) => r.name)).toEqual(['gitea-actions', 'ai-oncall', 'shipshape-warning', 'shipshape-critical']);
    expect(routing.receivers.find((r) => r.name === 'shipshape-critical')).toEqual({
      name: 'shipshape-critical',
      pagerDuty: [{ service: 'shipshape-prod', sendResolved: true }],
      slack: [{ channel: '#shipshape-incidents', sendResolved: true }],
    });
  });

  it('fails if two routes share a receiver name or a group wait is not a duration', () => {
    expect(() => alertRouting({ ...INPUT, namespaceRoutes: [{ namespace: 'cortex', receiver: 'shipshape-warning', url: 'https://x.example/d' }] })).toThrow(
      'receiver "shipshape-warning" is defined twice',
    );
    expect(() => alertRouting({ ...INPUT, criticalGroupWait: 'ten seconds' })).toThrow(
      'criticalGroupWait must be a Prometheus duration such as 30s, got "ten seconds"',
    );
  });
});

describe('AlertmanagerFile', () => {
  it('defaults: alertmanager.yaml with the bearer credentials_file, send_resolved and group waits of the handbook', () => {
    const { built, file } = renderFile();
    expect(file.path).toBe('alertmanager/alertmanager.yaml');
    expect(file.type).toBe('alertmanager-config');
    const config = parse(file.content);
    expect(config).toEqual(built.config);
    expect(config.route).toMatchObject({ receiver: 'gitea-actions', group_by: ['alertname', 'namespace'], group_wait: '30s' });
    expect(config.route.routes[0]).toEqual({
      receiver: 'shipshape-critical',
      matchers: ['namespace="shipshape"', 'severity="critical"'],
      group_wait: '10s',
      continue: true,
    });
    expect(config.route.routes[2]).toEqual({ receiver: 'gitea-actions', matchers: ['severity="critical"'], group_wait: '10s' });
    expect(config.route.routes[3]).toEqual({ receiver: 'ai-oncall', matchers: ['namespace="cortex"'], group_by: ['alertname', 'model'] });
    expect(config.receivers[0]).toEqual({
      name: 'gitea-actions',
      webhook_configs: [
        {
          url: INPUT.automation.url,
          http_config: { authorization: { type: 'Bearer', credentials_file: '/etc/alertmanager/gitea-token' } },
          send_resolved: true,
        },
      ],
    });
    expect(config.receivers[2]).toEqual({
      name: 'shipshape-warning',
      slack_configs: [{ api_url_file: CREDENTIALS.slackApiUrlFile, channel: '#shipshape-oncall', send_resolved: true }],
    });
    expect(config.receivers[3].pagerduty_configs).toEqual([
      { routing_key_file: '/etc/alertmanager/secrets/alertmanager-pagerduty/shipshape-prod', send_resolved: true },
    ]);
    expect(file.content).not.toMatch(/[&*]a\d/); // no YAML anchors
  });

  it('credentials are file references only, never values', () => {
    const text = renderFile().file.content;
    expect(text).not.toMatch(/^\s*(credentials|api_url|routing_key|service_key|bearer_token|password):/m);
    const files = [...text.matchAll(/(credentials_file|api_url_file|routing_key_file): (.+)$/gm)].map((m) => m[2]);
    expect(files.length).toBe(5);
    for (const f of files) expect(f).toMatch(/^\/etc\/alertmanager\//);
  });

  it.skipIf(amtool === 'skip')('passes amtool check-config, and amtool rejects a broken one', () => {
    const ok = amtoolCheck(renderFile().file.content);
    expect(ok.status, ok.output).toBe(0);
    expect(ok.output).toContain('4 receivers');
    const broken = amtoolCheck(renderFile().file.content.replace('receiver: ai-oncall', 'receiver: ai-on-call'));
    expect(broken.status).not.toBe(0);
    expect(broken.output).toMatch(/undefined receiver "ai-on-call"/);
  });

  it('fails if a credential file is not an absolute path', () => {
    expect(() =>
      synth((chart) => new AlertmanagerFile(chart, 'am', { routing: alertRouting(INPUT), credentials: { ...CREDENTIALS, slackApiUrlFile: 'slack-url' } })),
    ).toThrow('credential files must be absolute paths, got "slack-url"');
  });
});

describe('AlertmanagerRoutingConfig', () => {
  it('defaults: the same tree as the file, with Secret key references', () => {
    const cr = renderConfig();
    expect(cr.apiVersion).toBe('monitoring.coreos.com/v1alpha1');
    expect(cr.metadata).toMatchObject({ name: 'platform-alert-routing', namespace: 'monitoring' });
    expect(fromCr(cr.spec)).toEqual(fromFile(renderFile().built.config));
    expect(cr.spec.receivers[0].webhookConfigs[0].httpConfig.authorization).toEqual({
      type: 'Bearer',
      credentials: { name: 'alertmanager-gitea-token', key: 'token' },
    });
    expect(cr.spec.receivers[2].slackConfigs[0]).toEqual({
      apiURL: { name: 'alertmanager-slack', key: 'api-url' },
      channel: '#shipshape-oncall',
      sendResolved: true,
    });
    expect(cr.spec.receivers[3].pagerdutyConfigs[0]).toEqual({ routingKey: { name: 'alertmanager-pagerduty', key: 'shipshape-prod' }, sendResolved: true });
  });

  it('custom: name and a tree without namespace routes', () => {
    const cr = renderConfig({ ...INPUT, namespaceRoutes: [] }, 'shipshape-alert-routing');
    expect(cr.metadata.name).toBe('shipshape-alert-routing');
    expect(cr.spec.route.routes.map((r: any) => r.receiver)).toEqual(['shipshape-critical', 'shipshape-warning', 'gitea-actions']);
  });

  it('passes the strict schema rule (the bundled AlertmanagerConfig CRD), and a misspelt field does not', async () => {
    const dir = tempDir('plimsoll-amc-');
    const cr = renderConfig();
    writeFileSync(join(dir, 'ok.yaml'), stringify(cr));
    const ok = await plimsoll(['validate', dir, '--format', 'json']);
    expect(
      JSON.parse(ok.stdout).findings.filter((f: any) => f.rule === 'schema'),
      ok.stdout,
    ).toEqual([]);
    const bad = structuredClone(cr);
    bad.spec.receivers[2].slackConfigs[0].apiUrl = bad.spec.receivers[2].slackConfigs[0].apiURL;
    writeFileSync(join(dir, 'ok.yaml'), stringify(bad));
    const r = await plimsoll(['validate', dir, '--format', 'json']);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).findings.map((f: any) => `${f.rule} ${f.path}`)).toContain('schema /spec/receivers/2/slackConfigs/0/apiUrl');
  });
});

describe('alert routing of the shipped environments', () => {
  it.each(SHIPPED)('%s: alertmanager.yaml passes amtool check-config and matches the AlertmanagerConfig', (env) => {
    const text = readFileSync(join(ROOT, 'dist', env, 'alertmanager/alertmanager.yaml'), 'utf8');
    if (amtool !== 'skip') {
      const r = amtoolCheck(text);
      expect(r.status, r.output).toBe(0);
    }
    const cr = parse(readFileSync(join(ROOT, 'dist', env, '06-monitoring/alertmanagerconfig_monitoring_platform-alert-routing.yaml'), 'utf8'));
    expect(fromCr(cr.spec)).toEqual(fromFile(parse(text)));
    expect(parse(text).route.routes[0]).toMatchObject({ receiver: 'shipshape-critical', group_wait: '10s' });
  });
});
