/** SARIF 2.1.0 for GitHub code scanning: rule metadata from the rules themselves, file/line locations. */
import { RULES } from '../rules';
import type { Finding, Report } from '../check/types';

const VERSION: string = require('../../package.json').version;

function uri(file: string): string {
  return file.replace(/\\/g, '/').replace(/^\.\//, '');
}

function objectName(f: Finding): string | undefined {
  if (!f.object) return undefined;
  return [f.object.kind, f.object.namespace, f.object.name].filter(Boolean).join('/');
}

export function formatSarif(report: Report): string {
  const index = new Map(RULES.map((r, i) => [r.meta.id, i]));
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
            informationUri: 'https://github.com/plimsoll-dev/plimsoll/blob/main/docs/rules.md',
            rules: RULES.map((r) => ({
              id: r.meta.id,
              name: r.meta.id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
              shortDescription: { text: r.meta.description },
              fullDescription: { text: r.meta.description },
              help: { text: r.meta.remediation, markdown: r.meta.remediation },
              helpUri: `https://github.com/plimsoll-dev/plimsoll/blob/main/docs/rules.md#${r.meta.id}`,
              defaultConfiguration: { level: r.meta.defaultSeverity === 'error' ? 'error' : 'warning' },
              properties: { category: r.meta.category, tags: [r.meta.category] },
            })),
          },
        },
        ...(report.inputWarnings?.length
          ? { invocations: [{ executionSuccessful: true, toolExecutionNotifications: report.inputWarnings.map((w) => ({ level: 'warning', message: { text: w } })) }] }
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
