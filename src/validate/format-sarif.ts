/** SARIF 2.1.0 for GitHub code scanning: rule metadata from the checks' own meta, file/line locations. */
import { RULES } from '../rules';
import type { Finding, Report } from '../check/types';
import { RULES_DOC, type CheckMeta } from '../check/meta';
import type { RuleMeta } from '../rules/types';

const VERSION: string = require('../../package.json').version;

function uri(file: string): string {
  return file.replace(/\\/g, '/').replace(/^\.\//, '');
}

function objectName(f: Finding): string | undefined {
  if (!f.object) return undefined;
  return [f.object.kind, f.object.namespace, f.object.name].filter(Boolean).join('/');
}

/**
 * @param checks the meta of every check the report may name (a rule's carries its default severity)
 * @param doc where they are documented, each under a heading of its id
 */
export function formatSarif(report: Report, checks: readonly CheckMeta[] = RULES.map((r) => r.meta), doc = RULES_DOC): string {
  const index = new Map(checks.map((c, i) => [c.id, i]));
  const docUri = `https://github.com/plimsoll-dev/plimsoll/blob/main/${doc}`;
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'plimsoll',
            version: VERSION,
            semanticVersion: VERSION,
            informationUri: docUri,
            rules: checks.map((c) => ({
              id: c.id,
              name: c.id.replace(/(^|-)([a-z])/g, (_, __, ch: string) => ch.toUpperCase()),
              shortDescription: { text: c.description },
              fullDescription: { text: c.description },
              help: { text: c.remediation, markdown: c.remediation },
              helpUri: `${docUri}#${c.id}`,
              // Checks that are not rules report errors unless a finding says otherwise.
              defaultConfiguration: { level: ((c as Partial<RuleMeta>).defaultSeverity ?? 'error') === 'error' ? 'error' : 'warning' },
              properties: { category: c.category, tags: [c.category] },
            })),
          },
        },
        ...(report.inputWarnings?.length
          ? {
              invocations: [
                { executionSuccessful: true, toolExecutionNotifications: report.inputWarnings.map((w) => ({ level: 'warning', message: { text: w } })) },
              ],
            }
          : {}),
        ...(report.skipped ? { properties: { skipped: report.skipped } } : {}),
        columnKind: 'utf16CodeUnits',
        results: report.findings.map((f) => ({
          ruleId: f.rule,
          ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule) } : {}),
          level: f.severity === 'error' ? 'error' : 'warning',
          message: { text: f.path ? `${f.message} (at ${f.path})` : f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: uri(f.file) },
                ...(f.line ? { region: { startLine: f.line } } : {}),
              },
              ...(objectName(f) ? { logicalLocations: [{ fullyQualifiedName: objectName(f), kind: 'object' }] } : {}),
            },
          ],
          partialFingerprints: { plimsollFinding: `${f.rule}:${uri(f.file)}:${objectName(f) ?? ''}:${f.path}` },
          ...(f.waived ? { suppressions: [{ kind: 'inSource', justification: f.waived }] } : {}),
        })),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
