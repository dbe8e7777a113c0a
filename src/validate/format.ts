/** Report output: text for people (grouped by file, colored on a TTY unless NO_COLOR) and JSON for tools. */
import type { Report } from '../check/types';
import { findingObjectName } from '../check/finding';
import type { CheckMeta } from '../check/meta';
import type { OutputStream } from '../lib/output-stream';
import { formatSarif } from './format-sarif';
import { formatJunit } from './format-junit';
import { formatHtml } from './format-html';

export type ReportFormat = 'text' | 'json' | 'sarif' | 'junit' | 'html';
export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'sarif', 'junit', 'html'];

/** Colors on a terminal, unless NO_COLOR is set (https://no-color.org); FORCE_COLOR (not 0) turns them on anywhere. */
export function useColor(stream: OutputStream): boolean {
  if ('NO_COLOR' in process.env && process.env.NO_COLOR !== '') return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return true;
  return Boolean(stream.isTTY) && process.env.TERM !== 'dumb';
}

const paint = (on: boolean, code: string) => (s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

/** What the text report lists (the summary always counts everything). */
export interface TextOptions {
  /**
   * List waived findings with their reasons.
   * @default true
   */
  readonly showWaived?: boolean;
  /**
   * When waived findings are hidden, say in the summary which flag lists them (validate's own).
   * @default - none
   */
  readonly waivedHint?: string;
  /**
   * Errors only.
   * @default false
   */
  readonly quiet?: boolean;
  /**
   * The summary lines only.
   * @default false
   */
  readonly summaryOnly?: boolean;
}

export function formatText(report: Report, color = false, options: TextOptions = {}): string {
  const red = paint(color, '31');
  const yellow = paint(color, '33');
  const dim = paint(color, '2');
  const bold = paint(color, '1');
  const out: string[] = [];
  let current: string | undefined;
  const listed = options.summaryOnly
    ? []
    : report.findings.filter((f) => (f.waived ? (options.showWaived ?? true) && !options.quiet : !options.quiet || f.severity === 'error'));
  for (const f of listed) {
    if (f.file !== current) {
      current = f.file;
      out.push('', bold(f.file || '(no file)'));
    }
    const sev = f.waived ? dim('waived ') : f.severity === 'error' ? red('error  ') : f.severity === 'info' ? dim('info   ') : yellow('warning');
    const where = [findingObjectName(f), f.path].filter(Boolean).join(' ');
    out.push(`  ${String(f.line ?? '-').padStart(5)}  ${sev}  ${f.message}  ${dim(`${f.rule}${where ? ` · ${where}` : ''}`)}`);
    if (f.waived) out.push(`         ${dim(`waived: ${f.waived}`)}`);
  }
  const s = report.summary;
  const verdict = s.errors ? red(`${s.errors} error${s.errors === 1 ? '' : 's'}`) : '0 errors';
  out.push(
    '',
    `${verdict}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}, ${s.waived} waived${options.waivedHint && s.waived && !listed.some((f) => f.waived) && !options.summaryOnly && !options.quiet ? ` (${options.waivedHint})` : ''} · ${s.objects} object${s.objects === 1 ? '' : 's'} in ${s.files} file${s.files === 1 ? '' : 's'}` +
      (s.contextFiles
        ? ` (+ ${s.contextObjects} context object${s.contextObjects === 1 ? '' : 's'} in ${s.contextFiles} file${s.contextFiles === 1 ? '' : 's'}, not reported on)`
        : '') +
      (s.excluded !== undefined ? ` · ${s.excluded} file${s.excluded === 1 ? '' : 's'} excluded` : ''),
  );
  if (report.inputWarnings?.length) out.push('', ...report.inputWarnings.map((w) => `${yellow('warning')}  ${w}`));
  const skipped = report.skipped ?? [];
  if (skipped.length) {
    out.push(
      `skipped ${skipped.length} file${skipped.length === 1 ? '' : 's'}: ${skipped.map((k) => `${k.file} (${k.reason}${k.manifest ? `, ${k.manifest}` : ''})`).join(', ')}`,
    );
  }
  return `${out.join('\n').replace(/^\n/, '')}\n`;
}

export function formatJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export interface FormatContext {
  /** Terminal colors (text only). */
  readonly color?: boolean;
  /**
   * Ids of the checks that ran (JUnit lists each as a suite, passing ones too).
   * @default - the ids of `checks` when given, else those the findings name
   */
  readonly activeRules?: readonly string[];
  /** What the text format lists. */
  readonly text?: TextOptions;
  /**
   * The meta of the checks the report is from, for SARIF's rule metadata (a gate's, verify's checks).
   * @default - every validator rule
   */
  readonly checks?: readonly CheckMeta[];
  /** Where `checks` are documented, a heading per id (SARIF's help links). @default docs/rules.md */
  readonly checksDoc?: string;
  /**
   * The folder SARIF's relative URIs are relative to (`%SRCROOT%`).
   * @default - the working directory
   */
  readonly baseDir?: string;
}

export function formatReport(report: Report, format: ReportFormat, context: FormatContext = {}): string {
  switch (format) {
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report, context.checks, context.checksDoc, { baseDir: context.baseDir });
    case 'junit':
      return formatJunit(report, context.activeRules ?? context.checks?.map((c) => c.id) ?? [...new Set(report.findings.map((f) => f.rule))]);
    case 'html':
      return formatHtml(report, context.checks);
    default:
      return formatText(report, context.color ?? false, context.text);
  }
}
