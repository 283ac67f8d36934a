// Scenario 4: the var dir's temp and upload area is full. Two 20 MB tmpfs are mounted over
// var/chaos/tmp (xlsx exports build their file there, backend/src/exports/sheet.c; it is also
// mariadbd's --tmpdir) and var/chaos/nginx/body (nginx's client_body_temp_path: every upload
// larger than nginx's in-memory body buffer goes there first), then filled. An xlsx export and a
// large import must answer a clear error (4xx/503 in the JSON envelope, quickly); nothing stored
// may change (row counts and CHECKSUM TABLE of every table but audit_log); ordinary requests go
// on; after the space is freed both work again. The mounts are always removed (finally, and the
// runner's trap).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import {
  REPO, VAR, adminAccount, call, checkAudit, createMajor, importCsv, isEnvelope, kind, log, ok, qiao,
  round, runLoad, now, scenario, sql, sqlValue, studentsCsv, tally, workerPids,
} from './lib.mjs';

const MOUNTS = [path.join(VAR, 'tmp'), path.join(VAR, 'nginx/body')];

const mounted = (dir) => readFileSync('/proc/mounts', 'utf8').split('\n').some((l) => l.split(' ')[1] === dir);

// Processes with a file open under `dir`: "pid (comm): file, …".
function holders(dir) {
  const out = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let fds = [];
    try { fds = readdirSync(`/proc/${pid}/fd`); } catch { continue; }
    const files = [];
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        if (target.startsWith(`${dir}/`)) files.push(target.slice(dir.length + 1));
      } catch { /* gone */ }
    }
    if (files.length) {
      let comm = '?';
      try { comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim(); } catch { /* gone */ }
      out.push(`${pid} (${comm}): ${files.slice(0, 3).join(', ')}`);
    }
  }
  return out;
}

function unmountAll() {
  const left = [];
  for (const dir of MOUNTS) {
    if (!mounted(dir)) continue;
    if (spawnSync('umount', [dir]).status !== 0) {
      left.push(`${dir} [held by ${holders(dir).join('; ') || 'nobody now'}]`);
      spawnSync('umount', ['-l', dir]); // busy (an open file): detach it now, freed when closed
    }
  }
  return left;
}

function fill(dir) {
  spawnSync('dd', ['if=/dev/zero', `of=${path.join(dir, 'chaos-filler')}`, 'bs=1M'], { stdio: 'ignore' });
  return Number(execFileSync('df', ['--output=avail', '-B1', dir], { encoding: 'utf8' }).split('\n')[1].trim());
}

// Rows and CHECKSUM TABLE of every table but the audit log and its head (requests append to
// the log and the consumer seals them all the time; the chain is verified instead).
function snapshot() {
  const tables = sql(`SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()
    AND table_type = 'BASE TABLE' AND table_name NOT IN ('audit_log', 'audit_head') ORDER BY table_name`).map((r) => r[0]);
  const out = {};
  const counts = sql(tables.map((t) => `SELECT '${t}', COUNT(*) FROM \`${t}\``).join(' UNION ALL '));
  for (const [t, n] of counts) out[t] = { rows: Number(n) };
  for (const [t, c] of sql(`CHECKSUM TABLE ${tables.map((t) => `\`${t}\``).join(', ')}`)) out[t.split('.').pop()].checksum = c;
  return out;
}

function diff(a, b) {
  return Object.keys({ ...a, ...b }).filter((t) => JSON.stringify(a[t]) !== JSON.stringify(b[t]))
    .map((t) => `${t}: ${JSON.stringify(a[t])} -> ${JSON.stringify(b[t])}`);
}

const exportXlsx = (token) => call('GET', '/students/export', { token, query: { format: 'xlsx' }, timeoutMs: 120_000 });
const isXlsx = (r) => r.status === 200 && r.buf?.subarray(0, 4).toString('latin1') === 'PK\x03\x04';

await scenario('4-full-disk', async (s) => {
  qiao(['demo-data', '--students', '20000', '--employers', '50', '--jobs', '200']);
  const admin = await adminAccount();
  const major = await createMajor(admin.token);
  const big = studentsCsv(major, 30_000);
  s.figure('import_bytes', Buffer.byteLength(big.text));

  // ---- before: both work
  let t = now();
  const x0 = await exportXlsx(admin.token);
  s.check('before: the xlsx export works', isXlsx(x0), kind(x0));
  s.figure('export_xlsx_bytes', x0.buf?.length);
  s.figure('export_xlsx_s', round((now() - t) / 1000, 2));

  try {
    for (const dir of MOUNTS) execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=20m', 'tmpfs', dir]);
    const free = MOUNTS.map(fill);
    s.figure('bytes_free_after_filling', free.join('/'));
    log(`mounted and filled ${MOUNTS.join(', ')}`);
    const before = snapshot();

    // ---- full: a clear error, quickly, nothing stored changes
    t = now();
    const x1 = await exportXlsx(admin.token);
    s.figure('full_export_xlsx', `${kind(x1)} in ${round((now() - t) / 1000, 2)} s: ${x1.text.slice(0, 160)}`);
    s.check('full: the xlsx export answers 4xx/503 in the JSON envelope', (x1.status === 503 || (x1.status >= 400 && x1.status < 500)) && isEnvelope(x1),
      `${x1.status} ${x1.headers?.['content-type']} ${x1.text.slice(0, 200)}`);
    s.check('full: the xlsx export answers within 30 s', now() - t < 30_000);
    t = now();
    const i1 = await importCsv(admin.token, big.text, { timeoutMs: 120_000 });
    s.figure('full_import', `${kind(i1)} in ${round((now() - t) / 1000, 2)} s: ${i1.headers?.['content-type']} ${i1.text.replace(/\s+/g, ' ').slice(0, 160)}`);
    s.check('full: the large import answers 4xx/503 in the JSON envelope', (i1.status === 503 || (i1.status >= 400 && i1.status < 500)) && isEnvelope(i1),
      `${i1.status} ${i1.headers?.['content-type']} ${i1.text.replace(/\s+/g, ' ').slice(0, 200)}`);
    s.check('full: the large import answers within 30 s', now() - t < 30_000);
    const csv1 = await call('GET', '/students/export', { token: admin.token, timeoutMs: 120_000 });
    s.figure('full_export_csv', `${kind(csv1)} ${csv1.buf?.length ?? 0} bytes`);
    const after = snapshot();
    const changed = diff(before, after);
    s.check('full: nothing stored changed (rows and CHECKSUM TABLE of every table but audit_log/audit_head)', changed.length === 0, changed.join('; '));

    // Ordinary requests while full: reads, and a small import (its body fits nginx's memory buffer).
    const rec = await runLoad({
      lanes: 4, untilMs: now() + 4000,
      next: (l, i) => (i % 2 ? { op: 'GET /jobs', method: 'GET', path: '/jobs', opts: {} }
        : { op: 'GET /students', method: 'GET', path: `/students?q=${encodeURIComponent('学生')}&page=${1 + (i % 50)}`, opts: { token: admin.token } }),
    });
    s.figure('full_reads', rec.kinds);
    const badReads = Object.keys(rec.kinds).filter((k) => k !== '200' && k !== '503 unavailable');
    s.check('full: reads (job list, student search) answer 200, or 503 in the envelope', badReads.length === 0, JSON.stringify(rec.kinds));
    // mariadbd runs with --tmpdir=var/<stack>/tmp (scripts/stack): the same area as the exports.
    const tmpdir = sqlValue('SELECT @@tmpdir');
    let diskTemp = 'ok';
    try {
      sql('SET SESSION tmp_table_size = 16384, max_heap_table_size = 16384; SELECT name, COUNT(*) c FROM students GROUP BY name ORDER BY c DESC LIMIT 1');
    } catch (e) {
      diskTemp = String(e.stderr || e.message).trim().split('\n').pop();
    }
    s.figure('mariadb_tmpdir', path.relative(REPO, tmpdir));
    s.check('full: MariaDB can still build an on-disk temporary table (its tmpdir is not the export area)', diskTemp === 'ok',
      `@@tmpdir = ${tmpdir}: ${diskTemp}`);
    const small = await importCsv(admin.token, studentsCsv(major, 40).text);
    s.figure('full_small_import', `${kind(small)} imported=${small.body?.data?.imported}`);
    s.check('full: a small import (body under nginx\'s memory buffer) works', ok(small) && small.body.data.imported === 40, kind(small));
    const health = await call('GET', '/health');
    s.figure('full_health', `${health.status} ${JSON.stringify(health.body?.data)}`);

    // ---- freed: both work again
    for (const dir of MOUNTS) spawnSync('rm', ['-f', path.join(dir, 'chaos-filler')]);
    t = now();
    const x2 = await exportXlsx(admin.token);
    s.check('freed: the xlsx export works again', isXlsx(x2), isXlsx(x2) ? '' : `${kind(x2)} ${x2.text.slice(0, 200)}`);
    const i2 = await importCsv(admin.token, big.text, { timeoutMs: 120_000 });
    s.check('freed: the large import works again', ok(i2) && i2.body.data.imported === 30_000, ok(i2) ? '' : `${kind(i2)} ${i2.text.slice(0, 200)}`);
    s.figure('freed_import', `${kind(i2)} imported=${i2.body?.data?.imported} in ${round((now() - t) / 1000, 1)} s (with the export)`);
    // A failed export must not leave its temp file open in the worker (disk space held, fds).
    const workers = new Set(workerPids().map(String));
    const leaked = holders(MOUNTS[0]).filter((h) => workers.has(h.split(' ')[0]));
    s.check('no worker keeps a temp file of a failed export open', leaked.length === 0, leaked.join('; '));
  } finally {
    const busy = unmountAll();
    s.check('the tmpfs mounts are removed', MOUNTS.every((d) => !mounted(d)), busy.length ? `busy, lazily detached: ${busy.join(', ')}` : '');
    if (busy.length) s.note(`umount refused (busy) for ${busy.join(', ')}; detached with umount -l`);
  }
  // After the mounts are gone the export still works (the directories underneath are used again).
  const x3 = await exportXlsx(admin.token);
  s.check('unmounted: the xlsx export works', isXlsx(x3), kind(x3));
  const errs = readFileSync(path.join(VAR, 'log/nginx-error.log'), 'utf8').split('\n').filter((l) => /No space left/.test(l));
  s.figure('nginx_enospc_log_lines', errs.length);
  if (errs.length) s.note(`nginx: ${errs[0].slice(0, 300)}`);
  const workerErr = existsSync(path.join(VAR, 'log/qiao-fcgi.log'))
    ? readFileSync(path.join(VAR, 'log/qiao-fcgi.log'), 'utf8').split('\n').filter((l) => /"level":"(error|warn)"/.test(l)) : [];
  const wk = {};
  for (const l of workerErr) tally(wk, (l.match(/"msg":"([^"]+)"/) || [])[1]);
  s.figure('worker_log_errors', wk);
  if (workerErr.length) s.note(`worker log: ${workerErr.slice(0, 2).join(' | ').slice(0, 500)}`);
  checkAudit(s);
});
