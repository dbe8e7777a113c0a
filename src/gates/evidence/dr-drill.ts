/** DR drills: the latest dr-drill-YYYYMMDD.md (by the date in its name) is COMPLETED; an older completed drill does not count. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DrDrill } from '../../config/generated/evidence-dr-drill';
import { displayPath } from '../../lib/paths';
import type { GateCheck, GateFinding } from '../types';
import type { EvidenceContext } from './context';
import { readArtifact, statusFinding, TEMPLATES_DIR } from './artifact';

const DRILL_FILE = /^dr-drill-(\d{4})(\d{2})(\d{2})\.md$/;

/** `YYYY-MM-DD` when the three parts are a real calendar day. */
function calendarDate(y: string, m: string, d: string): string | undefined {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  const iso = `${y}-${m}-${d}`;
  return date.toISOString().slice(0, 10) === iso ? iso : undefined;
}

const check: GateCheck<EvidenceContext> = {
  id: 'evidence-dr-drill',
  description: 'The latest DR drill record (dr-drill-YYYYMMDD.md, latest by the date in its file name) has status COMPLETED.',
  remediation:
    'Run the DR drill and record it as dr-drill-YYYYMMDD.md (template in docs/operations-artifacts/) with status COMPLETED once every step passed; a newer record that is not completed fails the gate until it is.',
  category: 'reliability',
  *check(ctx): Iterable<GateFinding> {
    const drills: Array<{ name: string; date: string }> = [];
    for (const name of readdirSync(ctx.artifactsDir).sort()) {
      if (!name.startsWith('dr-drill-')) continue;
      const m = DRILL_FILE.exec(name);
      const date = m && calendarDate(m[1], m[2], m[3]);
      if (date) drills.push({ name, date });
      else
        yield {
          file: displayPath(join(ctx.artifactsDir, name)),
          line: null,
          message: `file name is not dr-drill-YYYYMMDD.md with a real date, so it cannot be ordered: rename it`,
        };
    }
    if (!drills.length) {
      yield {
        file: displayPath(ctx.artifactsDir),
        line: null,
        message: `no DR drill recorded: add dr-drill-YYYYMMDD.md from ${TEMPLATES_DIR}/dr-drill-YYYYMMDD.md after running a drill`,
      };
      return;
    }
    const latest = drills.reduce((a, b) => (b.date > a.date ? b : a));
    const { artifact, findings } = readArtifact<DrDrill>(ctx.artifactsDir, latest.name, 'evidence-dr-drill', ctx, 'dr-drill-YYYYMMDD.md');
    yield* findings;
    if (!artifact) return;
    const status = statusFinding(artifact, `status of the latest DR drill (${latest.date}; older drills do not count)`, ['COMPLETED']);
    if (status) yield status;
    if (artifact.valid && !artifact.placeholders.has('/date') && artifact.data.date !== latest.date) {
      yield {
        file: artifact.file,
        line: artifact.lineOf('/date'),
        path: '/date',
        message: `date is ${artifact.data.date} but the file name says ${latest.date}; they must agree`,
      };
    }
  },
};

export default check;
