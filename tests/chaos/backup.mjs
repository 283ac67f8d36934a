// Scenario 5: backup under write traffic and restore into a fresh stack. scripts/backup chaos
// runs while mixed traffic writes; scripts/restore puts it into a new stack chaos2 (the next port)
// with the source's keys; then every table's rows and CHECKSUM TABLE in chaos2 equal the
// backup's manifest, the audit chain verifies there, the same answers come out of both stacks
// for records the traffic did not touch (ID cards opened with the same data key), a token signed
// out before the backup stays refused and one still valid works, uploads came along, and a
// restore into a stack that has data is refused.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import {
  ENV_FILE, REPO, VAR, adminAccount, call, checkAudit, dur, kind, log, majorsWithStudents, mixedTraffic,
  now, ok, qiao, round, runLoad, scenario, sleep, sql, checkWrites,
} from './lib.mjs';

const STACK2 = 'chaos2';
// The port after the first stack's (scripts/chaos sets CHAOS_PORT2; 18586 by default).
const PORT2 = Number(process.env.CHAOS_PORT2) || 18586;
const VAR2 = path.join(REPO, 'var', STACK2);
const ENV2 = path.join(VAR2, 'qiao.env');
const SOCK2 = path.join(VAR2, 'mysqld.sock');
const BASE2 = `http://127.0.0.1:${PORT2}/api/v1`;

// Runs a script without blocking the event loop (the traffic of this process goes on).
function run(cmd, args) {
  const t0 = now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: stdout.trim(), stderr: stderr.trim(), s: round((now() - t0) / 1000, 1) });
    });
  });
}

function tableState(socket, withChecksum = true) {
  const tables = sql(`SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()
    AND table_type = 'BASE TABLE' ORDER BY table_name`, { socket }).map((r) => r[0]);
  const out = {};
  for (const [t, n] of sql(tables.map((t) => `SELECT '${t}', COUNT(*) FROM \`${t}\``).join(' UNION ALL '), { socket })) out[t] = { rows: n };
  if (withChecksum) for (const [t, c] of sql(`CHECKSUM TABLE ${tables.map((t) => `\`${t}\``).join(', ')}`, { socket })) out[t.split('.').pop()].checksum = c;
  return out;
}

await scenario('5-backup', async (s) => {
  // Backups of earlier chaos runs go (this run's stays for inspection).
  spawnSync('sh', ['-c', `rm -rf ${path.join(REPO, 'var/backups')}/chaos-*`]);
  qiao(['demo-data', '--students', '20000', '--employers', '100', '--jobs', '1000']);
  const admin = await adminAccount();
  const own = await majorsWithStudents(admin.token, 4, 10);
  const readMajorIds = own.majors.map((m) => m.id);
  // A token signed out before the backup, and an upload file.
  const l2 = await call('POST', '/auth/login', { json: { username: admin.username, password: admin.password } });
  const revoked = l2.body.data.token;
  s.check('sign-out before the backup', (await call('POST', '/auth/logout', { token: revoked })).status === 200);
  mkdirSync(path.join(VAR, 'uploads'), { recursive: true });
  writeFileSync(path.join(VAR, 'uploads/chaos-upload.txt'), `uploaded ${new Date().toISOString()}\n`);
  const untouched = sql('SELECT id FROM students WHERE major_id NOT IN (' + readMajorIds.join(',') + ') ORDER BY RAND() LIMIT 20').map((r) => Number(r[0]));

  // ---- backup while traffic writes
  const traffic = mixedTraffic({ token: admin.token, lanes: 4, laneStudents: own.students, readMajorIds });
  let stopLoad = false;
  const load = runLoad({ lanes: 4, untilMs: now() + 600_000, next: traffic.next, stop: () => stopLoad });
  await sleep(1000);
  const tb = now();
  const b = await run('scripts/backup', ['chaos']);
  await sleep(1000);
  stopLoad = true;
  const rec = await load;
  s.figure('traffic_during_backup', rec.kinds);
  s.figure('traffic_max_ms_during_backup', round(Math.max(...rec.latencies), 0));
  const slow = rec.timeline.filter((x) => x.end - x.t > 1000).map((x) => `${x.op} from +${round((x.t - tb) / 1000, 1)} s for ${round((x.end - x.t) / 1000, 1)} s`);
  s.figure('requests_over_1s_during_backup', slow.length);
  if (slow.length) s.note(`slow requests (time from the backup's start): ${slow.slice(0, 8).join('; ')}`);
  s.check('scripts/backup exits 0', b.code === 0, b.stderr.slice(-400));
  const dir = b.stdout.split('\n').pop();
  s.check('the backup directory holds db.sql.gz, manifest.tsv, redis.rdb, uploads.tar, info.txt, SHA256SUMS',
    ['db.sql.gz', 'manifest.tsv', 'redis.rdb', 'uploads.tar', 'info.txt', 'SHA256SUMS'].every((f) => existsSync(path.join(dir, f))), dir);
  const info = Object.fromEntries(readFileSync(path.join(dir, 'info.txt'), 'utf8').trim().split('\n').map((l) => l.split(/=(.*)/s).slice(0, 2)));
  s.figure('backup_s', b.s);
  s.figure('backup_lock_ms', Number(info.lock_ms));
  s.figure('backup_rows', Number(info.rows));
  s.figure('backup_tables', Number(info.tables));
  s.figure('backup_bytes', Number(spawnSync('du', ['-sb', dir], { encoding: 'utf8' }).stdout.split('\t')[0]));
  const secretsInBackup = spawnSync('grep', ['-rlE', 'QIAO_(AUDIT|DATA)_KEY|QIAO_JWT_SECRET', dir], { encoding: 'utf8' }).stdout.trim();
  s.check('no secret in the backup', secretsInBackup === '', secretsInBackup);
  const manifest = {};
  for (const line of readFileSync(path.join(dir, 'manifest.tsv'), 'utf8').trim().split('\n').slice(1)) {
    const [t, rows, checksum] = line.split('\t');
    manifest[t] = { rows, checksum };
  }

  // ---- restore into a fresh stack
  spawnSync('scripts/stack', ['stop', STACK2], { cwd: REPO, stdio: 'ignore' });
  spawnSync('rm', ['-rf', VAR2]);
  const r = await run('scripts/restore', [dir, STACK2, '--port', String(PORT2), '--keys-from', ENV_FILE]);
  s.figure('restore_s', r.s);
  s.check('scripts/restore exits 0', r.code === 0, r.stderr.split('\n').filter((l) => /restore:/.test(l)).join(' | ').slice(-600));
  if (r.code !== 0) return;
  log(r.stderr.split('\n').filter((l) => /^restore:/.test(l)).join('\n'));

  // Before any request reaches chaos2: every table as in the manifest (the task worker may have
  // sealed audit entries that were waiting at backup time: audit_log/audit_head by rows only).
  const restored = tableState(SOCK2);
  const diffs = [];
  for (const t of new Set([...Object.keys(manifest), ...Object.keys(restored)])) {
    const m = manifest[t];
    const g = restored[t];
    if (!m || !g) diffs.push(`${t}: ${m ? 'missing in chaos2' : 'not in the manifest'}`);
    else if (m.rows !== g.rows) diffs.push(`${t}: rows ${g.rows}, manifest ${m.rows}`);
    else if (!t.startsWith('audit_') && m.checksum !== g.checksum) diffs.push(`${t}: checksum ${g.checksum}, manifest ${m.checksum}`);
  }
  s.figure('tables_compared', Object.keys(manifest).length);
  s.check('chaos2: rows and CHECKSUM TABLE of every table equal the manifest', diffs.length === 0, diffs.join('; '));

  // The source is ahead of the backup (traffic went on): the backup is a point in time, not now.
  const source = tableState(path.join(VAR, 'mysqld.sock'), false);
  s.figure('source_rows_now_vs_backup', `employment_history ${source.employment_history.rows} vs ${manifest.employment_history.rows}`);

  const seal = qiao(['audit', 'seal'], { env: ENV2, allowFail: true });
  const verify = qiao(['audit', 'verify'], { env: ENV2, allowFail: true });
  s.check('chaos2: qiao audit verify exits 0 (after a seal)', seal.code === 0 && verify.code === 0, `${seal.stdout} ${verify.stdout || verify.stderr}`.trim());

  // ---- the API of chaos2
  const login2 = await call('POST', '/auth/login', { base: BASE2, json: { username: admin.username, password: admin.password } });
  s.check('chaos2: the source\'s admin signs in with the same password', login2.status === 200, kind(login2));
  const token2 = login2.body?.data?.token;
  const still = await call('GET', '/me', { base: BASE2, token: admin.token });
  s.check('chaos2: a token of the source, still valid, is accepted', still.status === 200, kind(still));
  const rev = await call('GET', '/me', { base: BASE2, token: revoked });
  s.check('chaos2: a token signed out before the backup is refused (401)', rev.status === 401, kind(rev));
  let same = 0;
  const differ = [];
  for (const id of untouched) {
    const a = await call('GET', `/students/${id}`, { token: admin.token });
    const c = await call('GET', `/students/${id}`, { base: BASE2, token: token2 });
    if (ok(a) && ok(c) && a.text === c.text) same++;
    else differ.push(`${id}: ${a.status}/${c.status} ${a.text === c.text ? '' : 'bodies differ'}`);
  }
  s.check(`chaos2: GET /students/{id} answers exactly as the source for ${untouched.length} untouched records`, differ.length === 0, differ.slice(0, 3).join('; '));
  s.figure('records_compared', same);
  const up = path.join(VAR2, 'uploads/chaos-upload.txt');
  s.check('chaos2: the uploads came along', existsSync(up) && readFileSync(up, 'utf8') === readFileSync(path.join(VAR, 'uploads/chaos-upload.txt'), 'utf8'));
  const h2 = await call('GET', '/health', { base: BASE2 });
  s.check('chaos2: /health is ok', h2.status === 200, h2.text);

  // ---- a restore into a stack with data is refused, and changes nothing
  const again = await run('scripts/restore', [dir, STACK2, '--port', String(PORT2), '--keys-from', ENV_FILE]);
  s.check('restoring into a stack that has a database is refused', again.code !== 0 && (await call('GET', '/health', { base: BASE2 })).status === 200,
    again.stderr.slice(-200));

  // ---- the source is unharmed
  checkWrites(s, traffic.writes);
  checkAudit(s);
  spawnSync('scripts/stack', ['stop', STACK2], { cwd: REPO, stdio: 'ignore' });
  s.figure('backup_dir', path.relative(REPO, dir));
});
