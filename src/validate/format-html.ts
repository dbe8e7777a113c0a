/**
 * `validate --format html`: one self-contained page (no scripts, no network) for a person to read a run — the
 * verdict and counts, then the findings grouped by rule (its description and remediation once) and within a rule by
 * file, each with line, severity, object, JSON path and message; waived findings shown as waived with their reason.
 */
import type { Finding, Report } from '../check/types';
import { escapeHtml } from '../lib/html';
import { findingObjectName } from '../check/finding';
import { RULES_BY_ID } from '../rules';

/** What the page says about a rule or check; the validator's rules are known, others may be passed in. */
export interface HtmlCheckInfo {
  readonly id: string;
  readonly description: string;
  readonly remediation: string;
}

const SEVERITY_ORDER: Record<string, number> = { error: 0, warning: 1, info: 2 };

export function formatHtml(report: Report, checks: readonly HtmlCheckInfo[] = [], title = 'Plimsoll findings'): string {
  const info = new Map<string, HtmlCheckInfo>(checks.map((c) => [c.id, c]));
  const about = (id: string) => info.get(id) ?? RULES_BY_ID.get(id)?.meta;
  const byRule = new Map<string, Finding[]>();
  for (const f of report.findings) (byRule.get(f.rule) ?? byRule.set(f.rule, []).get(f.rule)!).push(f);
  const worst = (fs: Finding[]) => Math.min(...fs.map((f) => (f.waived ? 3 : (SEVERITY_ORDER[f.severity] ?? 2))));
  const rules = [...byRule].sort(([a, fa], [b, fb]) => worst(fa) - worst(fb) || (a < b ? -1 : a > b ? 1 : 0));
  const s = report.summary;
  const sections = rules.map(([id, findings]) => {
    const meta = about(id);
    const counts = ['error', 'warning', 'info']
      .map((sev) => [sev, findings.filter((f) => !f.waived && f.severity === sev).length] as const)
      .filter(([, n]) => n);
    const waived = findings.filter((f) => f.waived).length;
    const byFile = new Map<string, Finding[]>();
    for (const f of findings) (byFile.get(f.file) ?? byFile.set(f.file, []).get(f.file)!).push(f);
    const files = [...byFile].map(
      ([file, fs]) => `<h3 class="file">${escapeHtml(file || '(no file)')}</h3>
<table><thead><tr><th>line</th><th>severity</th><th>object</th><th>path</th><th>message</th></tr></thead><tbody>
${fs.map((f) => `<tr class="finding ${f.waived ? 'waived' : f.severity}"><td>${f.line ?? '–'}</td><td>${f.waived ? 'waived' : f.severity}</td><td>${escapeHtml(findingObjectName(f))}</td><td><code>${escapeHtml(f.path)}</code></td><td>${escapeHtml(f.message)}${f.waived ? `<div class="reason">waived: ${escapeHtml(f.waived)}</div>` : ''}</td></tr>`).join('\n')}
</tbody></table>`,
    );
    return `<section class="rule" id="rule-${escapeHtml(id)}" data-rule="${escapeHtml(id)}">
<h2><code>${escapeHtml(id)}</code> <span class="counts">${[...counts.map(([sev, n]) => `<span class="${sev}">${n} ${sev}${n === 1 ? '' : 's'}</span>`), ...(waived ? [`<span class="waived">${waived} waived</span>`] : [])].join(' ')}</span></h2>
${meta ? `<p class="description">${escapeHtml(meta.description)}</p>\n<p class="remediation"><strong>Fix:</strong> ${escapeHtml(meta.remediation)}</p>` : ''}
${files.join('\n')}
</section>`;
  });
  const verdict = s.errors ? `${s.errors} error${s.errors === 1 ? '' : 's'}` : 'no errors';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: sans-serif; margin: 24px; color: #222; max-width: 1200px; }
.verdict { font-size: 20px; font-weight: bold; }
.verdict.failed { color: #c62828; } .verdict.passed { color: #2e7d32; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 18px; }
td, th { border: 1px solid #ddd; padding: 4px 8px; font-size: 13px; text-align: left; vertical-align: top; }
tr.error td:nth-child(2), .counts .error { color: #c62828; font-weight: bold; }
tr.warning td:nth-child(2), .counts .warning { color: #ef6c00; }
tr.waived td, .counts .waived, .reason { color: #777; }
.counts span { font-size: 14px; margin-left: 8px; }
h3.file { font-size: 14px; margin: 12px 0 0; font-family: monospace; }
section.rule { border-top: 1px solid #ccc; padding-top: 8px; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="verdict ${s.errors ? 'failed' : 'passed'}" id="verdict">${verdict}</p>
<table id="summary"><tbody>
<tr><th>errors</th><td>${s.errors}</td><th>warnings</th><td>${s.warnings}</td><th>waived</th><td>${s.waived}</td></tr>
<tr><th>objects</th><td>${s.objects}</td><th>files</th><td>${s.files}</td><th>rules with findings</th><td>${rules.length}</td></tr>
</tbody></table>
${rules.length ? '' : '<p id="no-findings">No findings.</p>'}
${sections.join('\n')}
</body>
</html>
`;
}
