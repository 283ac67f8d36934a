// Scenario 1: kill -9 a FastCGI worker every second under mixed reads and writes driven by wrk
// (tests/chaos/traffic.lua: one connection per wrk thread, so each answer is matched to its
// request). First a baseline without faults (concurrent destination changes, which must all
// answer 200); then 60 s of mixed traffic while a random live worker is killed every second; a
// write that fails is sent again with its Idempotency-Key. Afterwards: the supervisor has
// QIAO_WORKERS workers again; every failure was a 503 in the JSON envelope, and no more of them
// than kills; every write succeeded in the end, is stored once and none is half-applied
// (history, current record, students.destination_code, audit entry and tally agree); the audit
// chain verifies after a seal.
import {
  WORKERS, adminAccount, call, checkAudit, checkTally, checkWrites, createMajor, dur, employmentBody,
  importCsv, lastDeadlock, log, logLines, majorsWithStudents, now, ok, qiao, round, scenario, sleep, sql,
  studentIds, studentsCsv, waitFor, workerPids, wrkTraffic,
} from './lib.mjs';

const LANES = 16;
const PER_LANE = 20;

await scenario('1-kill-workers', async (s) => {
  // ---- data: demo jobs and students for the reads, one major of our own for the writes
  const demo = qiao(['demo-data', '--students', '5000', '--employers', '100', '--jobs', '1000']);
  log(demo.stdout.split('\n').slice(0, 3).join('; '));
  const admin = await adminAccount();
  const major = await createMajor(admin.token);
  const imp = await importCsv(admin.token, studentsCsv(major, LANES).text);
  if (imp.status !== 200 || imp.body.data.imported !== LANES) throw new Error(`import: ${imp.status} ${imp.text.slice(0, 300)}`);
  const ids = studentIds(major.id);
  // The kill loop writes each lane's students in a major of its own (no shared tally rows: the
  // baseline shows what shared ones do).
  const own = await majorsWithStudents(admin.token, LANES, PER_LANE);
  const readMajorIds = [major.id, ...own.majors.map((m) => m.id), ...sql('SELECT id FROM majors ORDER BY id LIMIT 10').map((r) => Number(r[0]))];

  // ---- baseline, no fault: LANES students of one major flipped concurrently between 10 and 80
  // in opposite directions (all in the same two student_tally rows); every answer must be 200.
  const flip = ids;
  for (const [i, id] of flip.entries()) {
    const r = await call('PUT', `/students/${id}/employment`, { token: admin.token, json: employmentBody(i % 2 ? '80' : '10', `base-init-${i}`) });
    if (!ok(r)) throw new Error(`baseline write: ${r.status} ${r.text.slice(0, 200)}`);
  }
  const base = await wrkTraffic({ mode: 'flip', lanes: LANES, seconds: dur(6), token: admin.token, laneStudents: flip.map((id) => [id]) });
  s.figure('baseline_writes', base.total);
  s.figure('baseline_deadlock_reruns', logLines('qiao-fcgi.log', /deadlock: running the request again/).length);
  s.figure('baseline_kinds', base.kinds);
  const baseOk = s.check('without faults, concurrent employment writes all answer 200', base.failed === 0,
    Object.entries(base.kinds).filter(([k]) => k !== '200').map(([k, n]) => `${k}: ${n}`).join(', '));
  if (!baseOk) s.note(`InnoDB after the baseline: ${lastDeadlock() ?? 'no deadlock reported'}`);

  // ---- the kill loop: one random live worker every second; a sampler counts live workers
  // A write cut by a kill is sent again with its Idempotency-Key, as a client would: a commit
  // whose answer was lost is answered from the key, not written twice.
  const seconds = dur(60);
  const t0 = now();
  const untilMs = t0 + seconds * 1000;
  let kills = 0;
  let ticks = 0;
  let emptyTicks = 0;
  const samples = [];
  const killer = (async () => {
    while (now() < untilMs) {
      await sleep(1000);
      if (now() >= untilMs) break;
      ticks++;
      const pids = workerPids();
      if (!pids.length) { emptyTicks++; continue; }
      const pid = pids[Math.floor(Math.random() * pids.length)];
      try { process.kill(pid, 'SIGKILL'); kills++; } catch { /* already gone */ }
    }
  })();
  const sampler = (async () => {
    while (now() < untilMs) {
      samples.push(workerPids().length);
      await sleep(200);
    }
  })();
  log(`wrk for ${seconds} s: ${LANES} connections, a worker killed every second`);
  const rec = await wrkTraffic({
    lanes: LANES, seconds, token: admin.token, reads: readMajorIds, laneStudents: own.students, retries: 20,
  });
  await Promise.all([killer, sampler]);
  log(`wrk: ${rec.stdout.trim().split('\n').join(' | ')}`);

  // ---- the pool comes back by itself
  let respawnSecs = null;
  try {
    respawnSecs = round((await waitFor(`${WORKERS} workers`, () => workerPids().length === WORKERS, 45_000, 50)) / 1000, 1);
  } catch { /* reported below */ }
  s.check(`the supervisor has ${WORKERS} workers again after the kill loop`, respawnSecs !== null,
    `${workerPids().length} workers after waiting 45 s`);
  const after = [];
  for (let i = 0; i < 20; i++) after.push(await call('GET', `/students?major_id=${major.id}`, { token: admin.token }));
  s.check('20 requests after the loop all succeed', after.every(ok), after.map((r) => r.status).join(','));

  // ---- figures
  s.figure('seconds', seconds);
  s.figure('kills', kills);
  s.figure('seconds_no_worker_to_kill', emptyTicks);
  s.figure('requests', rec.total);
  s.figure('failed', rec.failed);
  s.figure('failed_pct', round(rec.total ? (100 * rec.failed) / rec.total : 0, 2));
  s.figure('rps', round(rec.total / seconds, 0));
  s.figure('p50_ms', round(rec.latency.p50, 0));
  s.figure('p99_ms', round(rec.latency.p99, 0));
  s.figure('max_ms', round(rec.latency.max, 0));
  // A closed-loop generator hides stalls in percentiles: count the seconds nothing completed.
  s.figure('seconds_without_an_answer', rec.silentSeconds);
  s.figure('wrk', rec.wrk);
  s.figure('kinds', rec.kinds);
  for (const [op, o] of Object.entries(rec.byOp)) s.figure(op, `${o.n} (${o.failed} failed)`);
  s.figure('live_workers_avg', round(samples.reduce((a, b) => a + b, 0) / (samples.length || 1), 2));
  s.figure('time_with_0_workers_pct', round((100 * samples.filter((n) => n === 0).length) / (samples.length || 1), 1));
  s.figure('respawn_s', respawnSecs);
  const backoffs = logLines('qiao-fcgi.log', /worker exited/).map((l) => { try { return JSON.parse(l).restart_in_ms; } catch { return undefined; } })
    .filter((x) => x !== undefined);
  s.figure('max_restart_backoff_ms', backoffs.length ? Math.max(...backoffs) : null);

  s.check('a live worker was killed every second that one existed', kills + emptyTicks >= ticks && kills > 0,
    `${ticks} ticks: ${kills} kills, ${emptyTicks} with no live worker`);
  // Every failure must still be an answer in the API's envelope (no HTML, no 500).
  // A retry may also meet its key (409): still held by the request the kill cut, or applied.
  const badKinds = Object.keys(rec.kinds).filter((k) => !/^2\d\d$/.test(k) && k !== '503 unavailable' && k !== '409 conflict');
  s.check('every failed request of the kill loop is 503 unavailable (or, for a retry, 409 naming its key) in the JSON envelope',
    badKinds.length === 0, badKinds.map((k) => `${k}: ${rec.kinds[k]}`).join(', '));

  // A worker serves one request at a time: a kill cuts at most the one it held, so the requests
  // answered 503 are at most the kills (more would mean requests failed that no kill held).
  const unavailable = rec.kinds['503 unavailable'] || 0;
  s.check('no more requests answered 503 than workers were killed (each held at most one)', unavailable <= kills,
    `${unavailable} answered 503 for ${kills} kills`);

  // ---- no write lost, half-applied or, retried, applied twice
  // wrk's own count of answers above 399 must be the script's: every answer was seen by it.
  const over399 = Object.entries(rec.kinds).filter(([k]) => Number(k.split(' ')[0]) > 399).reduce((a, [, n]) => a + n, 0);
  s.check('wrk\'s count of answers above 399 equals traffic.lua\'s', rec.wrk.errors.status === over399,
    `wrk ${rec.wrk.errors.status}, traffic.lua ${over399}`);
  const cut = [...rec.writes.values()].flat().filter((w) => w.ok === null);
  s.figure('writes_in_flight_at_the_end', cut.length);
  checkWrites(s, rec.writes);
  const unanswered = [...rec.writes.values()].flat().filter((w) => w.ok === false && !w.appliedAnswerLost);
  s.check('every write cut by a kill succeeded when sent again with its key, or was told it had been applied',
    unanswered.length === 0, unanswered.slice(0, 5).map((w) => `${w.mark}: ${w.status} after ${w.attempts}`).join('; '));
  checkTally(s);
  checkAudit(s);
  const errors = logLines('qiao-fcgi.log', /"level":"error"/);
  s.figure('worker_error_log_lines', errors.length);
  if (errors.length) s.note(`worker errors logged, e.g. ${errors.slice(0, 2).join(' | ')}`);
});
