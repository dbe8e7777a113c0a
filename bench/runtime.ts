/**
 * `npm run bench:runtime [-- guard|evidence]`: the runtime components under load. Not a test: it prints figures
 * and a verdict against the targets, and exits 1 if one is missed.
 * - guard: the admission guard as it ships (the esbuild bundle, in its own process) on loopback HTTPS, driven at
 *   a fixed 500 AdmissionReviews/s for 60 s (BENCH_GUARD_RATE, BENCH_GUARD_SECONDS) by an open-loop generator
 *   (requests are sent on schedule whether or not earlier ones returned); half are denied (the unsigned Pod),
 *   half allowed. Latency is measured by the client (request written → response read) and by the guard's own
 *   histogram. Target: p99 < 10 ms, no errors.
 * - evidence: the evidence bundler (its bundle, own process) on a generated pair of streams of 1 GB in total
 *   (BENCH_EVIDENCE_MB) in a temporary folder, deleted afterwards: events/s and peak RSS.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bundleComponent } from '../src/runtime/images/build';
import { componentByName } from '../src/runtime/images/components';
import { loadPolicy, PLATFORM_POLICY } from '../src/validate/policy';
import { resolveGuardPolicy } from '../src/runtime/admission-guard/config';
import { EVIDENCE_RESOURCES } from '../src/systems/runtime-components';

const ROOT = resolve(__dirname, '..');
const TRUSTED = `sha256:${'1'.repeat(64)}`;

function rssMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return m ? Number(m[1]) / 1024 : NaN;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function pods(): { denied: string; allowed: string } {
  const labels = { 'app.kubernetes.io/name': 'app', 'app.kubernetes.io/part-of': 'shop', 'app.kubernetes.io/managed-by': 'plimsoll' };
  const review = (uid: string, object: unknown) =>
    JSON.stringify({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      request: { uid, operation: 'CREATE', namespace: 'shop', kind: { group: '', version: 'v1', kind: 'Pod' }, userInfo: { username: 'bench' }, object },
    });
  const allowed = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'app', namespace: 'shop', labels },
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        { name: 'app', image: `registry.acme.example/app@${TRUSTED}`, securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } },
      ],
    },
  };
  return {
    denied: review('bench-deny', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'unsigned', namespace: 'shop' },
      spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] },
    }),
    allowed: review('bench-allow', allowed),
  };
}

async function guardBench(): Promise<boolean> {
  const rate = Number(process.env.BENCH_GUARD_RATE ?? 500);
  const seconds = Number(process.env.BENCH_GUARD_SECONDS ?? 60);
  const dir = mkdtempSync(join(tmpdir(), 'plimsoll-bench-guard-'));
  try {
    bundleComponent(componentByName('admission-guard')!, join(dir, 'main.js'));
    spawnSync('cp', ['-r', join(ROOT, 'src/validate/schemas/generated'), join(dir, 'generated')]);
    spawnSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        join(dir, 'tls.key'),
        '-out',
        join(dir, 'tls.crt'),
        '-days',
        '1',
        '-subj',
        '/CN=bench',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    const env = { name: 'bench', tier: 'production' as const };
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({
        environment: env,
        policy: resolveGuardPolicy(loadPolicy(PLATFORM_POLICY), env, ['schema']),
        trustedDigests: [TRUSTED],
        server: { host: '127.0.0.1', port: 0, metricsPort: null, tlsCertFile: join(dir, 'tls.crt'), tlsKeyFile: join(dir, 'tls.key'), logLevel: 'INFO' },
      }),
    );
    const child = spawn(process.execPath, [join(dir, 'main.js'), '--config', join(dir, 'config.json')], { stdio: ['ignore', 'pipe', 'inherit'] });
    // The guard logs its port when it listens; its deny lines (INFO, as in production) are read and dropped.
    let logBytes = 0;
    const port = await new Promise<number>((resolvePort, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        logBytes += d.length;
        if (out.length > 100_000) return;
        out += d;
        const m = /"port":(\d+)/.exec(out);
        if (m) resolvePort(Number(m[1]));
      });
      child.on('exit', (code) => reject(new Error(`guard exited ${code}: ${out}`)));
    });
    const ca = readFileSync(join(dir, 'tls.crt'));
    const agent = new Agent({ keepAlive: true, maxSockets: 64, ca });
    const body = pods();
    const send = (payload: string) =>
      new Promise<{ ms: number; ok: boolean }>((done) => {
        const start = process.hrtime.bigint();
        const req = request({ host: '127.0.0.1', port, path: '/validate', method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const ms = Number(process.hrtime.bigint() - start) / 1e6;
            let ok = res.statusCode === 200;
            try {
              const r = JSON.parse(Buffer.concat(chunks).toString('utf8')).response;
              ok &&= r.allowed === (payload === body.allowed);
            } catch {
              ok = false;
            }
            done({ ms, ok });
          });
        });
        req.on('error', () => done({ ms: Number(process.hrtime.bigint() - start) / 1e6, ok: false }));
        req.end(payload);
      });
    // Warm up (JIT, TLS sessions), then measure.
    await Promise.all(Array.from({ length: 500 }, (_, i) => send(i % 2 ? body.allowed : body.denied)));
    const rssBefore = rssMb(child.pid!, 'VmRSS');
    const total = rate * seconds;
    const results: Array<Promise<{ ms: number; ok: boolean }>> = [];
    const started = process.hrtime.bigint();
    for (let i = 0; i < total; i++) {
      const due = Number(started) + (i * 1e9) / rate;
      const wait = (due - Number(process.hrtime.bigint())) / 1e6;
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      results.push(send(i % 2 ? body.allowed : body.denied));
    }
    const done = await Promise.all(results);
    const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
    const rssAfter = rssMb(child.pid!, 'VmRSS');
    const rssPeak = rssMb(child.pid!, 'VmHWM');
    agent.destroy();
    child.kill('SIGTERM');
    const lat = done.map((d) => d.ms).sort((a, b) => a - b);
    const errors = done.filter((d) => !d.ok).length;
    const p50 = percentile(lat, 50);
    const p99 = percentile(lat, 99);
    console.log(
      `admission guard on loopback HTTPS: ${total} AdmissionReviews at ${rate}/s for ${seconds} s (half denied, half allowed), Node ${process.version}`,
    );
    console.log(
      `  achieved ${(total / elapsed).toFixed(0)} req/s; latency p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms, max ${lat[lat.length - 1].toFixed(1)} ms; errors ${errors}`,
    );
    console.log(
      `  guard RSS ${rssBefore.toFixed(0)} MB before, ${rssAfter.toFixed(0)} MB after (peak ${rssPeak.toFixed(0)} MB); ${(logBytes / 1048576).toFixed(1)} MB of JSON logs`,
    );
    const ok = p99 < 10 && errors === 0 && total / elapsed >= rate * 0.98;
    console.log(`  target: sustained ${rate}/s, p99 < 10 ms, no errors → ${ok ? 'met' : 'MISSED'}`);
    return ok;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function generateStreams(dir: string, totalMb: number): number {
  const digest = `sha256:${'b'.repeat(64)}`;
  let events = 0;
  for (const [name, seed] of [
    ['scanner.entrytrace.ndjson', 7],
    ['zastava.runtime.ndjson', 11],
  ] as const) {
    const fd = openSync(join(dir, name), 'w');
    let x = seed;
    let size = 0;
    let out: string[] = [];
    while (size < (totalMb / 2) * 1024 * 1024) {
      x = (x * 1103515245 + 12345) % 2147483648;
      const line = `${JSON.stringify({
        workloadId: `wl-${x % 5000}`,
        namespace: 'zastava-runtime',
        node: `node-${x % 200}`,
        edgeType: ['syscall', 'net', 'fs'][x % 3],
        timestamp: `2025-12-${String(1 + (x % 28)).padStart(2, '0')}T${String(x % 24).padStart(2, '0')}:${String((x >> 5) % 60).padStart(2, '0')}:${String((x >> 11) % 60).padStart(2, '0')}.${x % 1000000}Z`,
        imageDigest: digest,
        code_id: `code-${x % 100000}`,
      })}\n`;
      out.push(line);
      size += line.length;
      events++;
      if (out.length === 10000) {
        writeSync(fd, out.join(''));
        out = [];
      }
    }
    writeSync(fd, out.join(''));
    closeSync(fd);
  }
  return events;
}

function evidenceBench(): boolean {
  const totalMb = Number(process.env.BENCH_EVIDENCE_MB ?? 1024);
  const dir = mkdtempSync(join(tmpdir(), 'plimsoll-bench-evidence-'));
  try {
    const genStart = Date.now();
    const events = generateStreams(dir, totalMb);
    const bytes = statSync(join(dir, 'scanner.entrytrace.ndjson')).size + statSync(join(dir, 'zastava.runtime.ndjson')).size;
    console.log(`evidence bundler: generated ${(bytes / 1048576).toFixed(0)} MB, ${events} events in ${((Date.now() - genStart) / 1000).toFixed(0)} s`);
    bundleComponent(componentByName('evidence-bundler')!, join(dir, 'main.js'));
    const probe = join(dir, 'rss');
    const start = process.hrtime.bigint();
    // The heap limit the CronJob sets (NODE_OPTIONS, 60 % of its 512 MiB memory limit).
    const heap = `--max-old-space-size=${Math.floor(EVIDENCE_RESOURCES.memoryLimitMebibytes * 0.6)}`;
    const r = spawnSync(
      process.execPath,
      [heap, '-r', join(ROOT, 'bench/rss-probe.js'), join(dir, 'main.js'), '--in', dir, '--out', join(dir, 'out'), '--tmp-dir', dir, '--format', 'json'],
      {
        env: { ...process.env, PLIMSOLL_RSS_FILE: probe },
        encoding: 'utf8',
      },
    );
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (r.status !== 0) throw new Error(`bundler failed (${r.status}): ${r.stderr}`);
    const summary = JSON.parse(r.stdout);
    const peakMb = Number(readFileSync(probe, 'utf8')) / 1024;
    const bundled = summary.inputs.reduce((n: number, i: { events: number }) => n + i.events, 0);
    console.log(
      `  bundled ${bundled} events of ${summary.workloads} workloads in ${seconds.toFixed(1)} s: ${(bundled / seconds).toFixed(0)} events/s, ${(bytes / 1048576 / seconds).toFixed(1)} MB/s; peak RSS ${peakMb.toFixed(0)} MB (sort buffer 64 MB, ${heap} as in the CronJob)`,
    );
    const ok = bundled === events && summary.quarantine.count === 0 && peakMb < 512;
    console.log(`  target: every event bundled, memory bounded (peak RSS < 512 MB, the CronJob's limit) → ${ok ? 'met' : 'MISSED'}`);
    return ok;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const which = process.argv[2] ?? 'all';
  let ok = true;
  if (which === 'all' || which === 'guard') ok = (await guardBench()) && ok;
  if (which === 'all' || which === 'evidence') ok = evidenceBench() && ok;
  process.exitCode = ok ? 0 : 1;
}

void main();
