import { describe, expect, it } from 'vitest';
import { loadEnvironment } from '../../../src/environments/load-environment';
import { editedEnvironment, loadError, settingsOf, SHIPPED_ENVIRONMENTS } from './helpers';

describe('runtime plane environment settings', () => {
  it('defaults the feature flags to false and the authority block to the runbook values', () => {
    for (const name of SHIPPED_ENVIRONMENTS) {
      const { env } = loadEnvironment(name);
      expect(env.featureFlags).toEqual({ 'scanner.runtime.capture.enabled': false, 'zastava.attach.enabled': false });
      expect(env.runtime.authority).toMatchObject({
        clientId: 'zastava-runtime',
        audience: 'scanner',
        scopes: ['aud:scanner', 'api:scanner.runtime.write'],
        requireDpop: true,
        requireMutualTls: true,
        allowStaticTokenFallback: false,
      });
      expect(env.runtime.sealed).toBe(false);
    }
  });

  it('derives tenant, environment, deployment, cluster tag and webhook replicas', () => {
    const prod = settingsOf('prod-fsn');
    expect(prod).toMatchObject({ tenant: 'acme', environment: 'prod-fsn', deployment: 'hz-fsn-rtz-prod', envLabel: 'prod', webhookReplicas: 3 });
    expect(prod.commonTags).toEqual({ cluster: 'hz-fsn-rtz-prod' });
    const lab = settingsOf('lab');
    expect(lab).toMatchObject({ deployment: 'hz-fsn-rtz-lab', envLabel: 'lab', webhookReplicas: 1 });
    expect(lab.commonTags).toEqual({ cluster: 'hz-fsn-rtz-lab' });
  });

  it('fails if a production environment allows the static token fallback', () => {
    const dir = editedEnvironment('base/production', (t) => t.replace('allowStaticTokenFallback: false', 'allowStaticTokenFallback: true'));
    expect(loadError(dir, 'prod-fsn')).toMatch(
      /base\/production\.ts:\d+ \(shared base of prod-fsn\): \/runtime\/authority\/allowStaticTokenFallback: got true in a production environment, expected false \(runbook zastava-runtime §3/,
    );
  });

  it('fails if a production environment turns DPoP off', () => {
    const dir = editedEnvironment('base/production', (t) => t.replace('requireDpop: true', 'requireDpop: false'));
    expect(loadError(dir, 'prod-fsn')).toMatch(/\/runtime\/authority\/requireDpop: got false in a production environment, expected true/);
  });

  it('fails if mutual TLS is disabled outside tier lab, and accepts it in lab', () => {
    const dir = editedEnvironment('base/production', (t) => t.replace('requireMutualTls: true', 'requireMutualTls: false'));
    expect(loadError(dir, 'prod-fsn')).toMatch(
      /\/runtime\/authority\/requireMutualTls: got false in tier "production", expected true \(runbook zastava-runtime §3: disable mutual TLS only in lab clusters\)/,
    );
    const lab = editedEnvironment('lab', (t) =>
      t.replace(
        "authority: { issuer: 'https://authority.lab.acme.example' }",
        "authority: { issuer: 'https://authority.lab.acme.example', requireMutualTls: false, allowStaticTokenFallback: true }",
      ),
    );
    const { env } = loadEnvironment('lab', lab);
    expect(env.runtime.authority.requireMutualTls).toBe(false);
    expect(env.runtime.authority.allowStaticTokenFallback).toBe(true);
  });

  it('fails if the required scopes are missing', () => {
    const dir = editedEnvironment('base/production', (t) => t.replace("scopes: ['aud:scanner', 'api:scanner.runtime.write']", "scopes: ['aud:scanner']"));
    expect(loadError(dir, 'prod-fsn')).toContain('/runtime/authority/scopes: got ["aud:scanner"], expected it to include "api:scanner.runtime.write"');
  });

  it('fails if production runs fewer than 3 webhook replicas', () => {
    const dir = editedEnvironment('base/production', (t) => t.replace('webhook: { replicas: 3', 'webhook: { replicas: 2'));
    expect(loadError(dir, 'prod-fsn')).toMatch(/\/runtime\/webhook\/replicas: got 2 in a production environment, expected at least 3/);
  });

  it('fails if kube-system or stellaops is listed as fail-open', () => {
    const dir = editedEnvironment('base/production', (t) => t.replace('failOpenNamespaces: []', "failOpenNamespaces: ['payments', 'kube-system']"));
    expect(loadError(dir, 'prod-fsn')).toContain(
      '/runtime/webhook/failOpenNamespaces/1: got "kube-system", expected a namespace other than kube-system and stellaops',
    );
  });

  it('fails if a sealed environment enables runtime capture or attach, naming each flag', () => {
    const dir = editedEnvironment('lab', (t) =>
      t
        .replace('featureFlags: {}', "featureFlags: { 'scanner.runtime.capture.enabled': true, 'zastava.attach.enabled': true }")
        .replace("backendUrl: 'https://scanner.internal',", "backendUrl: 'https://scanner.internal',\n    sealed: true,"),
    );
    const message = loadError(dir, 'lab');
    expect(message).toMatch(
      /lab\.ts:\d+: \/featureFlags\/scanner\.runtime\.capture\.enabled: got true in a sealed environment \(runtime\.sealed: true\), expected false/,
    );
    expect(message).toMatch(/lab\.ts:\d+: \/featureFlags\/zastava\.attach\.enabled: got true in a sealed environment/);
  });

  it('accepts the flags in an environment that is not sealed', () => {
    const dir = editedEnvironment('lab', (t) => t.replace('featureFlags: {}', "featureFlags: { 'scanner.runtime.capture.enabled': true }"));
    expect(loadEnvironment('lab', dir).env.featureFlags['scanner.runtime.capture.enabled']).toBe(true);
  });

  it('fails on an unknown feature flag and a non-https backend', () => {
    const dir = editedEnvironment('lab', (t) =>
      t
        .replace('featureFlags: {}', "featureFlags: { 'zastava.attach.enable': true }")
        .replace("backendUrl: 'https://scanner.internal'", "backendUrl: 'http://scanner.internal'"),
    );
    const message = loadError(dir, 'lab');
    expect(message).toContain('/featureFlags/zastava.attach.enable: unknown property "zastava.attach.enable"; did you mean "zastava.attach.enabled"?');
    expect(message).toContain('/runtime/backendUrl: got "http://scanner.internal", expected a string matching ^https://');
  });
});
