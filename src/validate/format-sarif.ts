/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: rule metadata from the checks' own meta (help text,
 * a link to the check's heading in its doc, a security-severity), and locations relative to a base folder
 * (`%SRCROOT%`, the working directory) so a viewer can place them in the repository.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES } from '../rules';
import type { Finding, Report } from '../check/types';
import { RULES_DOC, type CheckCategory, type CheckMeta } from '../check/meta';
import type { RuleMeta } from '../rules/types';
import { githubSlug } from '../lib/markdown';
import { STDIN_FILE } from './load';
import { PLIMSOLL_VERSION as VERSION } from '../version';

/** Where the docs are published: a rule's help link is this, the doc's path, and the anchor of the rule's heading. */
export const DOCS_BASE_URL = 'https://github.com/plimsoll-dev/plimsoll/blob/main/';

/** The uriBaseId relative locations name; run.originalUriBaseIds says which folder it is. */
export const SRCROOT = '%SRCROOT%';

/**
 * GitHub's security-severity of a check (a number 0.0–10.0 as a string; GitHub shows over 9.0 as critical, 7.0–8.9
 * high, 4.0–6.9 medium, 0.1–3.9 low, for checks tagged `security`). By category: what a finding can cost when it
 * ships. A check that only warns by default is one band lower (3.0 less, at least 1.0). A per-rule figure, so a
 * policy that makes a rule a warning for one run does not change it; each result's `level` says that.
 */
export const SECURITY_SEVERITY: Readonly<Record<CheckCategory, number>> = {
  security: 8.0,
  reliability: 6.5,
  correctness: 5.0,
  ordering: 4.0,
  hygiene: 2.0,
};

export function securitySeverity(category: CheckCategory, defaultSeverity: 'error' | 'warning' = 'error'): string {
  const base = SECURITY_SEVERITY[category];
  return (defaultSeverity === 'warning' ? Math.max(1, base - 3) : base).toFixed(1);
}

export interface SarifOptions {
  /**
   * The folder `%SRCROOT%` stands for: files inside it get a URI relative to it, files outside an absolute file:// URI.
   * @default - the working directory (the one findings' relative paths are relative to)
   */
  readonly baseDir?: string;
}

interface ArtifactLocation {
  readonly uri: string;
  readonly uriBaseId?: string;
  readonly description?: { text: string };
}

/**
 * A finding's file as SARIF names it: relative to the base (forward slashes, each segment percent-encoded) with
 * uriBaseId, or an absolute file:// URI outside it. Standard input has no file: the relative URI `stdin`, no base, so
 * GitHub (which needs a URI for every result) takes the upload and shows it unplaced. No file ('') has no location.
 */
export function artifactLocation(file: string, baseDir: string): ArtifactLocation | undefined {
  if (!file) return undefined;
  if (file === STDIN_FILE) return { uri: 'stdin', description: { text: 'standard input (validate -)' } };
  const absolute = resolve(baseDir, file);
  const rel = relative(baseDir, absolute);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return { uri: pathToFileURL(absolute).href };
  return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function objectName(f: Finding): string | undefined {
  if (!f.object) return undefined;
  return [f.object.kind, f.object.namespace, f.object.name].filter(Boolean).join('/');
}

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/**
 * @param checks the meta of every check the report may name (a rule's carries its default severity)
 * @param doc where they are documented, each under a heading of its id
 */
export function formatSarif(report: Report, checks: readonly CheckMeta[] = RULES.map((r) => r.meta), doc = RULES_DOC, options: SarifOptions = {}): string {
  const baseDir = resolve(options.baseDir ?? process.cwd());
  const docUri = `${DOCS_BASE_URL}${doc}`;
  // A finding of a check the list does not describe (it should not happen) still gets a rule, so every result has a ruleIndex.
  const known = new Set(checks.map((c) => c.id));
  const unknown = [...new Set(report.findings.map((f) => f.rule).filter((id) => !known.has(id)))];
  const index = new Map([...checks.map((c) => c.id), ...unknown].map((id, i) => [id, i]));
  const rules = [
    ...checks.map((c) => {
      const defaultSeverity = (c as Partial<RuleMeta>).defaultSeverity ?? 'error';
      const helpUri = `${docUri}#${githubSlug(c.id)}`;
      return {
        id: c.id,
        name: c.id.replace(/(^|-)([a-z])/g, (_, __, ch: string) => ch.toUpperCase()),
        shortDescription: { text: c.description },
        fullDescription: { text: c.description },
        help: {
          text: `${c.description}\n\nRemediation: ${c.remediation}\n\nDocumentation: ${helpUri}`,
          markdown: `${c.description}\n\n**Remediation.** ${c.remediation}\n\n[\`${c.id}\` in ${doc}](${helpUri})`,
        },
        helpUri,
        defaultConfiguration: { level: defaultSeverity },
        properties: { category: c.category, tags: [c.category], 'security-severity': securitySeverity(c.category, defaultSeverity) },
      };
    }),
    ...unknown.map((id) => ({ id, shortDescription: { text: `${id} (no description)` } })),
  ];
  const location = (f: Finding, artifact: ArtifactLocation | undefined, name: string | undefined) => {
    if (!artifact && !name) return undefined;
    return {
      ...(artifact ? { physicalLocation: { artifactLocation: artifact, ...(f.line ? { region: { startLine: f.line } } : {}) } } : {}),
      ...(name ? { logicalLocations: [{ fullyQualifiedName: name, kind: 'object' }] } : {}),
    };
  };
  const sarif = {
    $schema: 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'plimsoll', version: VERSION, semanticVersion: VERSION, informationUri: docUri, rules } },
        // The folder relative URIs are relative to, as an absolute file:// URI ending in '/'.
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(baseDir.endsWith(sep) ? baseDir : baseDir + sep).href } },
        ...(report.inputWarnings?.length
          ? {
              invocations: [
                { executionSuccessful: true, toolExecutionNotifications: report.inputWarnings.map((w) => ({ level: 'warning', message: { text: w } })) },
              ],
            }
          : {}),
        ...(report.skipped ? { properties: { skipped: report.skipped } } : {}),
        columnKind: 'utf16CodeUnits',
        results: report.findings.map((f) => {
          const artifact = artifactLocation(f.file, baseDir);
          const name = objectName(f);
          const where = location(f, artifact, name);
          return {
            ruleId: f.rule,
            ruleIndex: index.get(f.rule)!,
            level: LEVEL[f.severity],
            message: { text: f.path ? `${f.message} (at ${f.path})` : f.message },
            ...(where ? { locations: [where] } : {}),
            partialFingerprints: { plimsollFinding: `${f.rule}:${artifact?.uri ?? ''}:${name ?? ''}:${f.path}` },
            // A waiver (an annotation or the waivers file) is a decision made outside the analysis: kept, marked, not failing.
            ...(f.waived ? { suppressions: [{ kind: 'external', status: 'accepted', justification: f.waived }] } : {}),
          };
        }),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
