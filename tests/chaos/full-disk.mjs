// Scenario 4: the var dir's temp and upload areas are full. Three 20 MB tmpfs are mounted over
// var/chaos/tmp (xlsx exports build their file there, backend/src/exports/sheet.c),
// var/chaos/nginx/body (nginx's client_body_temp_path: every request body larger than nginx's
// in-memory buffer goes there first) and var/chaos/uploads (the kept licences, resume
// attachments and interaction files, backend/src/resources/licences.c), then filled. An xlsx
// export, a large import and each of the three uploads (a body under nginx's buffer, which the
// worker fails to keep, and one over it, which nginx fails to buffer) must answer a clear error
// (4xx/503 in the JSON envelope naming the disk, quickly); then, with room for part of a file
// only, each upload fails whole. Nothing stored may change (row counts and CHECKSUM TABLE of
// every table but the audit log; the files under uploads, with no partial file and no row
// without its file); files stored before read back byte for byte, while full and after; ordinary
// requests go on; after the space is freed everything works again. Mounting needs root: as
// another user the scenario says it is skipped and why. The mounts are always removed (finally,
// and the runner's trap).
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  REPO, Skip, VAR, adminAccount, call, checkAudit, createMajor, importCsv, isEnvelope, kind, log, ok, password,
  qiao, round, runLoad, now, scenario, sql, sqlValue, studentsCsv, tag, tally, workerPids,
} from './lib.mjs';

const UPLOADS = path.join(VAR, 'uploads');
const MOUNTS = [path.join(VAR, 'tmp'), path.join(VAR, 'nginx/body'), UPLOADS];
const FILLER = 'chaos-filler';
// Bodies of the uploads: under nginx's in-memory buffer (client_body_buffer_size, 16 KiB here),
// so the worker gets it; over it, so nginx writes it to nginx/body first; and larger than the
// room left in the nearly full phase, so the worker writes part of it.
const SMALL = 4 << 10;
const LARGE = 256 << 10;
const ROOM = 64 << 10;

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

const avail = (dir) => Number(execFileSync('df', ['--output=avail', '-B1', dir], { encoding: 'utf8' }).split('\n')[1].trim());

// Fills `dir` (dd until ENOSPC), then gives `room` bytes back; the bytes free.
function fill(dir, room = 0) {
  const filler = path.join(dir, FILLER);
  spawnSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=1M'], { stdio: 'ignore' });
  if (room) spawnSync('truncate', ['-s', `-${room}`, filler]);
  return avail(dir);
}

// The files under `dir` but the filler, as sorted "path size" lines (partial files included:
// a hidden ".<name>.part" is what a write cut short would leave).
function files(dir, sub = '') {
  const out = [];
  for (const e of readdirSync(path.join(dir, sub), { withFileTypes: true })) {
    const rel = path.join(sub, e.name);
    if (e.isDirectory()) out.push(...files(dir, rel));
    else if (rel !== FILLER) out.push(`${rel} ${statSync(path.join(dir, rel)).size}`);
  }
  return out.sort();
}

// The files the database says are kept (licences, resume attachments, interaction files), as
// paths under uploads: with files(), a row without its file or a file without its row shows.
function recorded() {
  return sql(`SELECT CONCAT('licences/', licence_file) FROM employers WHERE licence_file IS NOT NULL
    UNION ALL SELECT CONCAT('resumes/', stored_as) FROM resume_files
    UNION ALL SELECT CONCAT('interactions/', stored_as) FROM employer_interaction_files`).map((r) => r[0]).sort();
}

// A document of `bytes` bytes: the first bytes of a PNG, JPEG or PDF (how the server tells
// them), random bytes after, so a byte-for-byte comparison means something.
function doc(type, bytes) {
  const magic = { png: Buffer.from('89504e470d0a1a0a', 'hex'), jpg: Buffer.from('ffd8ffe0', 'hex'), pdf: Buffer.from('%PDF-1.4\n') }[type];
  return Buffer.concat([magic, randomBytes(bytes - magic.length)]);
}

// A clear error: 4xx or 503, in the JSON envelope.
const clearError = (r) => (r.status === 503 || (r.status >= 400 && r.status < 500)) && isEnvelope(r);
// ... whose message names the problem (the disk, or no space).
const namesDisk = (r) => /disk|space/i.test(r.body?.error?.message ?? '');
const brief = (r, t) => `${kind(r)} in ${round((now() - t) / 1000, 2)} s: ${r.headers?.['content-type']} ${r.text.replace(/\s+/g, ' ').slice(0, 160)}`;

// The three uploads: the employer's licence (its HR user), a resume's attachment (its student)
// and an interaction's file (the office). send(body, name) uploads; where(answer) is the path
// and token that read the stored file back.
async function uploaders(admin) {
  const employerId = Number(sqlValue('SELECT id FROM employers ORDER BY id LIMIT 1'));
  const hrName = `chaos_hr_${tag()}`;
  const hrPw = password();
  qiao(['account', 'create', '--role', 'employer', '--username', hrName, '--employer-id', String(employerId)], { input: `${hrPw}\n` });
  const hr = await call('POST', '/auth/login', { json: { username: hrName, password: hrPw } });
  if (hr.status !== 200) throw new Error(`employer sign-in: ${hr.status} ${hr.text.slice(0, 200)}`);
  const major = await createMajor(admin.token);
  const imp = await importCsv(admin.token, studentsCsv(major, 1).text);
  if (imp.status !== 200) throw new Error(`import: ${imp.status} ${imp.text.slice(0, 200)}`);
  const studentNo = sqlValue(`SELECT student_no FROM students WHERE major_id = ${Number(major.id)}`);
  const stPw = password();
  qiao(['account', 'create', '--role', 'student', '--username', studentNo], { input: `${stPw}\n` });
  const st = await call('POST', '/auth/login', { json: { username: studentNo, password: stPw } });
  if (st.status !== 200) throw new Error(`student sign-in: ${st.status} ${st.text.slice(0, 200)}`);
  const resume = await call('POST', '/resumes', { token: st.body.data.token, json: { title: '混沌测试简历' } });
  if (resume.status !== 201) throw new Error(`POST /resumes: ${resume.status} ${resume.text.slice(0, 200)}`);
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const ix = await call('POST', `/employers/${employerId}/interactions`, {
    token: admin.token, json: { kind: 'strategic', date: today, title: `混沌测试互动${tag()}`, students_covered: 3, owner: '就业指导中心' },
  });
  if (ix.status !== 201) throw new Error(`POST interactions: ${ix.status} ${ix.text.slice(0, 200)}`);
  const hrToken = hr.body.data.token;
  const stToken = st.body.data.token;
  const timeoutMs = 60_000;
  return [
    {
      what: 'licence', type: 'png',
      send: (body) => call('PUT', `/employers/${employerId}/licence`, { token: hrToken, body, type: 'image/png', timeoutMs }),
      where: () => ({ path: `/employers/${employerId}/licence`, token: hrToken }),
    },
    {
      what: 'resume attachment', type: 'pdf',
      send: (body, name) => call('POST', `/resumes/${resume.body.data.id}/files`, { token: stToken, body, type: 'application/pdf', query: { name: `${name}.pdf` }, timeoutMs }),
      where: (r) => ({ path: `/resumes/${resume.body.data.id}/files/${r.body.data.id}`, token: stToken }),
    },
    {
      what: 'interaction file', type: 'jpg',
      send: (body, name) => call('POST', `/employer-interactions/${ix.body.data.id}/files`, { token: admin.token, body, type: 'image/jpeg', query: { name: `${name}.jpg` }, timeoutMs }),
      where: (r) => ({ path: `/employer-files/${r.body.data.id}`, token: admin.token }),
    },
  ];
}

// Uploads a fresh document to each of `ups`: [{up, body, answer, where}].
async function uploadAll(ups, bytes, name) {
  const out = [];
  for (const up of ups) {
    const body = doc(up.type, bytes);
    const answer = await up.send(body, name);
    out.push({ up, body, answer, where: ok(answer) ? up.where(answer) : null });
  }
  return out;
}

// Reads each stored upload back: the ones whose bytes differ (or that did not answer 200).
async function readBack(stored) {
  const bad = [];
  for (const x of stored) {
    const r = await call('GET', x.where.path, { token: x.where.token, timeoutMs: 60_000 });
    if (r.status !== 200 || !r.buf?.equals(x.body)) bad.push(`${x.up.what}: ${kind(r)} ${r.buf?.length ?? 0} of ${x.body.length} bytes${r.status === 200 ? ', different' : ''}`);
  }
  return bad;
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
  // Mounting is what needs root: tried first, on the uploads area (which must be mounted before
  // anything is kept there, so that the files stored before stay readable while it is full).
  mkdirSync(UPLOADS, { recursive: true });
  const probe = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=20m', 'tmpfs', UPLOADS], { encoding: 'utf8' });
  if (probe.status !== 0) {
    const who = process.getuid() === 0 ? 'running as root, but mount was refused' : `running as uid ${process.getuid()}, not root`;
    const why = (probe.stderr || '').trim().split('\n')[0].replace(/\.$/, '') || `mount exited ${probe.status}`;
    throw new Skip(`mounting a tmpfs needs root (CAP_SYS_ADMIN); ${who} (${why}). `
      + 'Run scripts/chaos as root for this scenario, or leave it out with --only 1,2,3,5.');
  }
  try {
    qiao(['demo-data', '--students', '20000', '--employers', '50', '--jobs', '200']);
    const admin = await adminAccount();
    const major = await createMajor(admin.token);
    const big = studentsCsv(major, 30_000);
    s.figure('import_bytes', Buffer.byteLength(big.text));
    const ups = await uploaders(admin);

    // ---- before: everything works
    let t = now();
    const x0 = await exportXlsx(admin.token);
    s.check('before: the xlsx export works', isXlsx(x0), kind(x0));
    s.figure('export_xlsx_bytes', x0.buf?.length);
    s.figure('export_xlsx_s', round((now() - t) / 1000, 2));
    const kept = await uploadAll(ups, LARGE, 'before');
    s.check('before: the three uploads work', kept.every((x) => ok(x.answer)), kept.map((x) => `${x.up.what} ${kind(x.answer)}`).join(', '));
    const unread = await readBack(kept);
    s.check('before: the uploaded files read back byte for byte', unread.length === 0, unread.join('; '));

    for (const dir of MOUNTS.slice(0, 2)) execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=20m', 'tmpfs', dir]);
    const free = MOUNTS.map((d) => fill(d));
    s.figure('bytes_free_after_filling', free.join('/'));
    log(`mounted and filled ${MOUNTS.join(', ')}`);
    const before = snapshot();
    const filesBefore = files(UPLOADS);

    // ---- full: a clear error, quickly, nothing stored changes
    t = now();
    const x1 = await exportXlsx(admin.token);
    s.figure('full_export_xlsx', brief(x1, t));
    s.check('full: the xlsx export answers 4xx/503 in the JSON envelope', clearError(x1),
      `${x1.status} ${x1.headers?.['content-type']} ${x1.text.slice(0, 200)}`);
    s.check('full: the xlsx export answers within 30 s', now() - t < 30_000);
    t = now();
    const i1 = await importCsv(admin.token, big.text, { timeoutMs: 120_000 });
    s.figure('full_import', brief(i1, t));
    s.check('full: the large import answers 4xx/503 in the JSON envelope naming the disk', clearError(i1) && namesDisk(i1),
      `${i1.status} ${i1.headers?.['content-type']} ${i1.text.replace(/\s+/g, ' ').slice(0, 200)}`);
    s.check('full: the large import answers within 30 s', now() - t < 30_000);
    const csv1 = await call('GET', '/students/export', { token: admin.token, timeoutMs: 120_000 });
    s.figure('full_export_csv', `${kind(csv1)} ${csv1.buf?.length ?? 0} bytes`);

    // Each upload, small (the worker cannot keep it) and large (nginx cannot buffer it).
    for (const [size, bytes] of [['small', SMALL], ['large', LARGE]]) {
      for (const up of ups) {
        t = now();
        const r = await up.send(doc(up.type, bytes), `full-${size}`);
        const secs = (now() - t) / 1000;
        s.figure(`full_upload_${up.type}_${size}`, brief(r, t));
        s.check(`full: the ${up.what} upload (${bytes >> 10} KiB) answers 4xx/503 in the JSON envelope naming the disk, within 30 s`,
          clearError(r) && namesDisk(r) && secs < 30, `${kind(r)} in ${round(secs, 2)} s: ${r.text.replace(/\s+/g, ' ').slice(0, 200)}`);
      }
    }
    const unreadFull = await readBack(kept);
    s.check('full: the files stored before read back byte for byte', unreadFull.length === 0, unreadFull.join('; '));
    const after = snapshot();
    const changed = diff(before, after);
    s.check('full: nothing stored changed (rows and CHECKSUM TABLE of every table but audit_log/audit_head)', changed.length === 0, changed.join('; '));
    const filesFull = files(UPLOADS);
    s.check('full: the failed uploads left no file, whole or partial, under uploads', filesFull.join() === filesBefore.join(),
      `before: ${filesBefore.join(', ')}; after: ${filesFull.join(', ')}`);

    // Ordinary requests while full: reads, and a small import (its body fits nginx's memory buffer).
    const rec = await runLoad({
      lanes: 4, untilMs: now() + 4000,
      next: (l, i) => (i % 2 ? { op: 'GET /jobs', method: 'GET', path: '/jobs', opts: {} }
        : { op: 'GET /students', method: 'GET', path: `/students?q=${encodeURIComponent('学生')}&page=${1 + (i % 50)}`, opts: { token: admin.token } }),
    });
    s.figure('full_reads', rec.kinds);
    const badReads = Object.keys(rec.kinds).filter((k) => k !== '200' && k !== '503 unavailable');
    s.check('full: reads (job list, student search) answer 200, or 503 in the envelope', badReads.length === 0, JSON.stringify(rec.kinds));
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

    // ---- nearly full: nginx can buffer again, uploads has room for part of a file only; each
    // upload is cut short by the disk and must leave nothing, not a part of itself.
    spawnSync('rm', ['-f', path.join(MOUNTS[1], FILLER)]);
    spawnSync('rm', ['-f', path.join(UPLOADS, FILLER)]);
    const room = fill(UPLOADS, ROOM);
    s.figure('nearly_full_bytes_free', room);
    const before2 = snapshot();
    for (const up of ups) {
      t = now();
      const r = await up.send(doc(up.type, LARGE), 'nearly-full');
      s.figure(`nearly_full_upload_${up.type}`, brief(r, t));
      s.check(`nearly full: the ${up.what} upload (${LARGE >> 10} KiB, ${room >> 10} KiB free) answers 4xx/503 in the JSON envelope naming the disk`,
        clearError(r) && namesDisk(r), `${kind(r)}: ${r.text.replace(/\s+/g, ' ').slice(0, 200)}`);
    }
    const filesNearly = files(UPLOADS);
    s.check('nearly full: no partial file is left and the space is given back', filesNearly.join() === filesBefore.join() && avail(UPLOADS) === room,
      `${avail(UPLOADS)} bytes free (${room} before); files: ${filesNearly.join(', ')}`);
    const changed2 = diff(before2, snapshot());
    s.check('nearly full: nothing stored changed', changed2.length === 0, changed2.join('; '));
    const rows = recorded();
    s.check('nearly full: every recorded file exists and every file is recorded', rows.join() === filesNearly.map((f) => f.split(' ')[0]).sort().join(),
      `rows: ${rows.join(', ')}; files: ${filesNearly.join(', ')}`);

    // ---- freed: everything works again
    for (const dir of MOUNTS) spawnSync('rm', ['-f', path.join(dir, FILLER)]);
    t = now();
    const x2 = await exportXlsx(admin.token);
    s.check('freed: the xlsx export works again', isXlsx(x2), isXlsx(x2) ? '' : `${kind(x2)} ${x2.text.slice(0, 200)}`);
    const i2 = await importCsv(admin.token, big.text, { timeoutMs: 120_000 });
    s.check('freed: the large import works again', ok(i2) && i2.body.data.imported === 30_000, ok(i2) ? '' : `${kind(i2)} ${i2.text.slice(0, 200)}`);
    s.figure('freed_import', `${kind(i2)} imported=${i2.body?.data?.imported} in ${round((now() - t) / 1000, 1)} s (with the export)`);
    const unreadFreed = await readBack(kept);
    s.check('freed: the files stored before read back byte for byte', unreadFreed.length === 0, unreadFreed.join('; '));
    const fresh = await uploadAll(ups, LARGE, 'freed');
    s.check('freed: the three uploads work again', fresh.every((x) => ok(x.answer)), fresh.map((x) => `${x.up.what} ${kind(x.answer)}`).join(', '));
    const unreadFresh = await readBack(fresh.filter((x) => ok(x.answer)));
    s.check('freed: the new files read back byte for byte', unreadFresh.length === 0, unreadFresh.join('; '));
    const rows2 = recorded();
    const files2 = files(UPLOADS).map((f) => f.split(' ')[0]).sort();
    s.check('freed: every recorded file exists and every file is recorded (the replaced licence is gone)', rows2.join() === files2.join(),
      `rows: ${rows2.join(', ')}; files: ${files2.join(', ')}`);
    // A failed export must not leave its temp file open in the worker (disk space held, fds).
    const workers = new Set(workerPids().map(String));
    const leaked = holders(MOUNTS[0]).filter((h) => workers.has(h.split(' ')[0]));
    s.check('no worker keeps a temp file of a failed export open', leaked.length === 0, leaked.join('; '));
    const uploadLeaks = holders(UPLOADS).filter((h) => workers.has(h.split(' ')[0]));
    s.check('no worker keeps a file under uploads open', uploadLeaks.length === 0, uploadLeaks.join('; '));
  } finally {
    const busy = unmountAll();
    s.check('the tmpfs mounts are removed', MOUNTS.every((d) => !mounted(d)), busy.length ? `busy, lazily detached: ${busy.join(', ')}` : '');
    if (busy.length) s.note(`umount refused (busy) for ${busy.join(', ')}; detached with umount -l`);
  }
  // After the mounts are gone the export still works (the directories underneath are used again).
  const admin = await adminAccount();
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
