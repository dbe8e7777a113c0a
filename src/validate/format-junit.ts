/**
 * JUnit XML for CI test reports (GitLab, Jenkins), in the shape of the Jenkins JUnit schema: one test suite per
 * check that ran, in it one test case per file the check has findings in (classname the check id, name the file:
 * unique within the suite, and a classname without dots, which Jenkins would split into package and class). Errors
 * fail the case (`<failure>`, a line per finding); warnings and notes do not fail, they are listed in the case's
 * `<system-out>`; waived findings are listed there too, with their reason, and a case with only waived findings is
 * `<skipped>`. A check with no finding at all has one passing case, `(no findings)`. Files without any finding get
 * no case: the report does not list the files it read.
 */
import type { Finding, Report } from '../check/types';
import { findingObjectName } from '../check/finding';

function xml(text: string): string {
  return text
    .replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

export const NO_FINDINGS_CASE = '(no findings)';
export const NO_FILE_CASE = '(no file)';

/** One line of a case's text: where (line, object, JSON path) and what. */
function findingLine(f: Finding): string {
  const where = [`line ${f.line ?? '-'}`, findingObjectName(f), f.path].filter(Boolean).join(' ');
  return `${where}: ${f.message}${f.waived ? ` (waived: ${f.waived})` : ''}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

interface Case {
  readonly xml: string;
  readonly failed: boolean;
  readonly skipped: boolean;
}

function testCase(rule: string, file: string, findings: readonly Finding[]): Case {
  const errors = findings.filter((f) => !f.waived && f.severity === 'error');
  const others = findings.filter((f) => !f.waived && f.severity !== 'error');
  const waived = findings.filter((f) => f.waived);
  const body: string[] = [];
  // The schema's order: skipped, failure, system-out.
  if (!errors.length && !others.length) body.push(`<skipped>${xml(`${plural(waived.length, 'waived finding')}: ${waived[0].waived}`)}</skipped>`);
  if (errors.length) {
    const message = errors.length === 1 ? errors[0].message : `${plural(errors.length, 'error')}; the first: ${errors[0].message}`;
    body.push(`<failure type="error" message="${xml(message)}">${xml(errors.map(findingLine).join('\n'))}</failure>`);
  }
  const listed = [...others.map((f) => `${f.severity}: ${findingLine(f)}`), ...waived.map((f) => `waived ${f.severity}: ${findingLine(f)}`)];
  if (listed.length) body.push(`<system-out>${xml(listed.join('\n'))}</system-out>`);
  return {
    xml: `    <testcase classname="${xml(rule)}" name="${xml(file || NO_FILE_CASE)}">\n${body.map((b) => `      ${b}\n`).join('')}    </testcase>\n`,
    failed: errors.length > 0,
    skipped: !errors.length && !others.length,
  };
}

export function formatJunit(report: Report, activeRules: readonly string[]): string {
  const byRule = new Map<string, Map<string, Finding[]>>(activeRules.map((r) => [r, new Map()]));
  for (const f of report.findings) {
    const files = byRule.get(f.rule) ?? byRule.set(f.rule, new Map()).get(f.rule)!;
    (files.get(f.file) ?? files.set(f.file, []).get(f.file)!).push(f);
  }
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const [rule, files] of byRule) {
    const cases = files.size
      ? [...files].map(([file, findings]) => testCase(rule, file, findings))
      : [{ xml: `    <testcase classname="${xml(rule)}" name="${NO_FINDINGS_CASE}"/>\n`, failed: false, skipped: false }];
    const failed = cases.filter((c) => c.failed).length;
    const skipped = cases.filter((c) => c.skipped).length;
    tests += cases.length;
    failures += failed;
    suites.push(
      `  <testsuite name="${xml(rule)}" tests="${cases.length}" failures="${failed}" errors="0" skipped="${skipped}">\n${cases.map((c) => c.xml).join('')}  </testsuite>\n`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="plimsoll" tests="${tests}" failures="${failures}" errors="0">\n${suites.join('')}</testsuites>\n`;
}
