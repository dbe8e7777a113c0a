/** JUnit XML for CI dashboards: one test suite per active rule, one failing test case per finding. */
import type { Finding, Report } from '../check/types';

function xml(text: string): string {
  return text
    .replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

function caseName(f: Finding): string {
  const object = f.object ? `${f.object.kind} ${f.object.namespace ? `${f.object.namespace}/` : ''}${f.object.name}` : f.file;
  return `${object}${f.path ? ` ${f.path}` : ''}`;
}

export function formatJunit(report: Report, activeRules: readonly string[]): string {
  const byRule = new Map<string, Finding[]>(activeRules.map((r) => [r, []]));
  for (const f of report.findings) (byRule.get(f.rule) ?? byRule.set(f.rule, []).get(f.rule)!).push(f);
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const [rule, findings] of byRule) {
    const failing = findings.filter((f) => !f.waived);
    const cases = findings.length
      ? findings.map((f) => {
          const location = `${f.file}${f.line ? `:${f.line}` : ''}`;
          const body = f.waived
            ? `      <skipped message="${xml(`waived: ${f.waived}`)}"/>\n`
            : `      <failure type="${f.severity}" message="${xml(f.message)}">${xml(`${location} ${f.path}\n${f.message}`)}</failure>\n`;
          return `    <testcase classname="${xml(rule)}" name="${xml(caseName(f))}" file="${xml(f.file)}"${f.line ? ` line="${f.line}"` : ''}>\n${body}    </testcase>\n`;
        })
      : [`    <testcase classname="${xml(rule)}" name="no findings"/>\n`];
    tests += Math.max(1, findings.length);
    failures += failing.length;
    const skipped = findings.length - failing.length;
    suites.push(
      `  <testsuite name="${xml(rule)}" tests="${Math.max(1, findings.length)}" failures="${failing.length}" errors="0" skipped="${skipped}">\n${cases.join('')}  </testsuite>\n`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="plimsoll validate" tests="${tests}" failures="${failures}" errors="0">\n${suites.join('')}</testsuites>\n`;
}
