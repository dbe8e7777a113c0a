import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { validatePathsFast, withDiscoveryFields, loadPolicy, loadWaivers, DEFAULT_WAIVERS_FILE, RECOMMENDED_POLICY } from '../../validate';
import { formatReport, REPORT_FORMATS, useColor, type ReportFormat } from '../../validate/format';
import { InputError } from '../../lib/errors';
import { isKubernetesVersion, KUBERNETES_VERSIONS } from '../../validate/schemas/versions';
import { loadCrdFiles } from '../../validate/crd-files';
import type { CliIo } from '../io';
import { defaultCacheDir } from '../../validate/cache';
import { PathExcluder } from '../../lib/glob';

/** `validate`'s usage lines (shown by `plimsoll --help`). */
export const VALIDATE_USAGE = `validate PATH... [--format text|json|sarif|junit|html] [--policy FILE|minimal|recommended|strict]
           [--env NAME --tier lab|production] [--waivers FILE | --no-waivers] [--context PATH]...
           [--kubernetes-version 1.28…1.33] [--namespace NS] [--crds PATH]... [--no-cache | --cache-dir DIR]
           [--exclude GLOB]... [--show-waived] [-q|--quiet] [--summary]
      Validate Kubernetes YAML or JSON files, folders, or - (standard input), against the newest bundled
      Kubernetes unless told (--context: more files or folders, loaded for cross-object rules and not reported
      on; automatic for files inside dist/<env>/; --namespace: where objects without one are applied; --crds:
      CustomResourceDefinitions, files or folders, used only as schemas, before the bundled catalog). Unchanged
      files are taken from a cache (input inside a project: node_modules/.cache/plimsoll/ beside the nearest
      package.json; elsewhere none unless --cache-dir DIR; --no-cache: none); the report is the same either way.
      Text lists errors and warnings; --show-waived adds the waived findings with their reasons (always counted),
      -q/--quiet lists errors only, --summary only the counts. json, sarif, junit and html hold everything.
      --exclude GLOB: files and folders not read, named ones too (-, standard input, never), nor loaded as
      context; the glob is matched against the path relative to the working folder, gitignore-like: * and ? stay
      within a folder name, ** spans folders, {a,b} alternatives, a glob without / matches a name at any depth,
      a folder that matches takes what it holds (--exclude 'charts/**' --exclude '*.secret.yaml'); the summary
      counts the .yaml, .yml and .json files left out.`;

export async function runValidate(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      format: { type: 'string', default: 'text' },
      policy: { type: 'string' },
      env: { type: 'string' },
      tier: { type: 'string' },
      waivers: { type: 'string' },
      'no-waivers': { type: 'boolean', default: false },
      context: { type: 'string', multiple: true },
      'kubernetes-version': { type: 'string' },
      namespace: { type: 'string', short: 'n' },
      crds: { type: 'string', multiple: true },
      'no-cache': { type: 'boolean', default: false },
      'show-waived': { type: 'boolean', default: false },
      quiet: { type: 'boolean', short: 'q', default: false },
      summary: { type: 'boolean', default: false },
      'cache-dir': { type: 'string' },
      exclude: { type: 'string', multiple: true },
    },
    strict: true,
    allowPositionals: true,
  });
  if (!positionals.length) throw new InputError('validate needs at least one file or folder (e.g. `plimsoll validate dist/`)');
  if (!REPORT_FORMATS.includes(values.format as ReportFormat))
    throw new InputError(`unknown --format "${values.format}"; expected one of ${REPORT_FORMATS.join(', ')}`);
  if (values.tier !== undefined && values.tier !== 'lab' && values.tier !== 'production')
    throw new InputError(`unknown --tier "${values.tier}"; expected lab or production`);
  if ((values.env === undefined) !== (values.tier === undefined))
    throw new InputError(
      '--env and --tier go together: the policy overrides are chosen by both (Plimsoll output needs neither: dist/<env>/manifest.json says)',
    );
  const kubernetesVersion = values['kubernetes-version'];
  if (kubernetesVersion !== undefined && !isKubernetesVersion(kubernetesVersion)) {
    throw new InputError(`unknown --kubernetes-version "${kubernetesVersion}"; expected one of the bundled releases ${KUBERNETES_VERSIONS.join(', ')}`);
  }
  if (values.namespace !== undefined && !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(values.namespace)) {
    throw new InputError(`invalid --namespace "${values.namespace}"; expected a namespace name (lowercase letters, digits and '-', at most 63)`);
  }
  const policy = loadPolicy(values.policy ?? RECOMMENDED_POLICY);
  const environment = values.env ? { name: values.env, tier: values.tier as 'lab' | 'production' } : undefined;
  if (values.waivers && values['no-waivers']) throw new InputError('--waivers and --no-waivers contradict each other');
  const waiversFile = values.waivers ?? (existsSync(DEFAULT_WAIVERS_FILE) ? DEFAULT_WAIVERS_FILE : undefined);
  const waivers =
    waiversFile && !values['no-waivers']
      ? loadWaivers(
          waiversFile,
          policy.customRules.map((r) => r.meta.id),
        )
      : undefined;
  const crdSchemas = values.crds?.length ? loadCrdFiles(values.crds) : undefined;
  if (values['no-cache'] && values['cache-dir'] !== undefined) throw new InputError('--cache-dir and --no-cache contradict each other');
  // Default: node_modules/.cache/plimsoll/ of the project the input is in; outside any project, no cache.
  const cacheDir = values['no-cache'] ? undefined : (values['cache-dir'] ?? defaultCacheDir(positionals.find((p) => p !== '-') ?? '.'));
  const options = {
    policy,
    environment,
    waivers,
    noWaivers: values['no-waivers'],
    context: values.context,
    kubernetesVersion,
    namespaces: values.namespace ? { flag: values.namespace } : undefined,
    crdSchemas,
    exclude: values.exclude?.length ? new PathExcluder(values.exclude) : undefined,
  };
  const report = withDiscoveryFields(await validatePathsFast(positionals, options, { cacheDir }));
  // JUnit lists every active rule; the other formats need no list (and a policy may be all-off only outside environments).
  const activeRules = values.format === 'junit' ? policy.activeRules(environment).map((r) => r.rule.meta.id) : undefined;
  // The text lists what needs action: waived findings only on request (still counted); -q errors only; --summary the counts.
  const text = { showWaived: values['show-waived'], quiet: values.quiet, summaryOnly: values.summary, waivedHint: '--show-waived lists them' };
  io.stdout.write(formatReport(report, values.format as ReportFormat, { color: useColor(io.stdout), activeRules, text }));
  return report.summary.errors > 0 ? 1 : 0;
}
