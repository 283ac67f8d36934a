// Scenario 2: MariaDB goes away in the middle of a 100,000-row student import and of steady
// mixed traffic, twice: stopped the way scripts/stack stops it (SIGTERM), then killed (-9);
// each time started again with the very command line it ran with (/proc/<pid>/cmdline).
// Measured: the answers while it is down (must be 503 `unavailable` in the JSON envelope, /health
// naming db), how long after MariaDB answers again requests keep failing (workers reconnect by
// themselves: the same worker processes before and after), the import's fate (all rows or none)
// and its re-run with mode=upsert landing every row; then the write checks of scenario 1.
import {
  adminAccount, call, majorsWithStudents, checkAudit, checkTally, checkWrites, createMajor, dbUp, dur, importCsv, isEnvelope,
  kind, log, logLines, mariadbCommand, mixedTraffic, now, ok, qiao, readPid, alive, round, runLoad,
  scenario, sleep, sql, sqlValue, startMariadb, stopMariadb, studentIds, studentsCsv, tally, waitFor,
  workerPids, QUICK,
} from './lib.mjs';

const LANES = 8;
const ROWS = QUICK ? 50_000 : 100_000;
const NEEDS_DB = new Set(['GET /students', 'PUT employment']);

await scenario('2-mariadb', async (s) => {
  qiao(['demo-data', '--students', '2000', '--employers', '50', '--jobs', '200']);
  const admin = await adminAccount();
  // Each lane writes the students of a major of its own, one set of lanes per variant.
  const own = await majorsWithStudents(admin.token, 2 * LANES, 16);
  const readMajorIds = [...own.majors.map((m) => m.id), ...sql('SELECT id FROM majors ORDER BY id LIMIT 10').map((r) => Number(r[0]))];
  const argv = mariadbCommand();
  s.figure('import_rows', ROWS);
  const allWrites = new Map();

  for (const [v, signal] of [['term', 'SIGTERM'], ['kill9', 'SIGKILL']]) {
    log(`== variant ${v}: MariaDB ${signal} during an import of ${ROWS} rows and traffic`);
    const major = await createMajor(admin.token);
    const csv = studentsCsv(major, ROWS).text;
    const pidsBefore = workerPids().sort().join(',');
    const consumerPid = readPid('worker.pid');
    const traffic = mixedTraffic({
      token: admin.token, lanes: LANES, markPrefix: v, readMajorIds,
      laneStudents: v === 'term' ? own.students.slice(0, LANES) : own.students.slice(LANES),
    });
    let stopLoad = false;
    const t0 = now();
    const load = runLoad({ lanes: LANES, untilMs: t0 + 600_000, next: traffic.next, stop: () => stopLoad });
    await sleep(2000);

    // The import, and MariaDB going away once 40 % of its rows are written (read uncommitted).
    const importP = importCsv(admin.token, csv, { timeoutMs: 300_000 });
    const tImport = now();
    const dirty = () => Number(sql(`SET SESSION TRANSACTION ISOLATION LEVEL READ UNCOMMITTED;
      SELECT COUNT(*) FROM students WHERE major_id = ${major.id}`)[0][0]);
    await waitFor('the import to be 40 % written', () => dirty() >= ROWS * 0.4, 180_000, 100);
    const tStop = now();
    s.figure(`${v}_import_s_before_stop`, round((tStop - tImport) / 1000, 1));
    // /health every 250 ms from now until traffic recovers
    const health = [];
    let pollHealth = true;
    const poller = (async () => {
      while (pollHealth) {
        const r = await call('GET', '/health', { timeoutMs: 10_000 });
        health.push({ t: now(), status: r.status, body: r.body });
        await sleep(250);
      }
    })();
    await stopMariadb(signal);
    const tDown = now();
    s.figure(`${v}_shutdown_s`, round((tDown - tStop) / 1000, 1));
    await sleep(dur(6) * 1000);
    const tStart = now();
    await startMariadb(argv);
    const tReady = now();
    s.figure(`${v}_startup_s`, round((tReady - tStart) / 1000, 1));
    log(`MariaDB answers again after ${round((tReady - tStart) / 1000, 1)} s`);
    await sleep(dur(12) * 1000);
    stopLoad = true;
    const rec = await load;
    const importRes = await importP;
    pollHealth = false;
    await poller;

    // ---- while it was down
    const downKinds = {};
    for (const x of rec.timeline) if (x.t >= tDown && x.end <= tStart) tally(downKinds, `${x.op}: ${x.kind}`);
    s.figure(`${v}_answers_while_down`, downKinds);
    const bad = Object.entries(downKinds).filter(([k]) => !/: (2\d\d|503 unavailable)$/.test(k));
    s.check(`${v}: while MariaDB is down every failed answer is 503 unavailable (JSON)`, bad.length === 0,
      bad.map(([k, n]) => `${k} x${n}`).join(', '));
    const downDb = rec.timeline.filter((x) => x.t >= tDown && x.end <= tStart && NEEDS_DB.has(x.op));
    s.check(`${v}: requests that need the database fail while it is down`, downDb.length > 0 && downDb.every((x) => !x.ok),
      `${downDb.filter((x) => x.ok).length} of ${downDb.length} succeeded`);
    const hDown = health.filter((h) => h.t >= tDown && h.t <= tStart);
    const hGood = hDown.filter((h) => h.status === 503 && h.body?.error?.code === 'unavailable' && h.body?.data?.db === 'unavailable'
      && h.body?.data?.redis === 'ok');
    s.check(`${v}: /health answers 503 naming db while it is down`, hDown.length > 0 && hGood.length === hDown.length,
      `${hGood.length}/${hDown.length}; e.g. ${JSON.stringify(hDown.find((h) => !hGood.includes(h))?.body ?? hDown[0]?.body)}`);

    // ---- recovery: how long after MariaDB answers do requests that need it keep failing
    // (Only `503 unavailable` counts as not recovered; other failures are reported apart.)
    const after = rec.timeline.filter((x) => NEEDS_DB.has(x.op) && x.end > tReady);
    const lastFail = after.filter((x) => x.kind === '503 unavailable').reduce((m, x) => Math.max(m, x.end), tReady);
    const firstOk = after.filter((x) => x.ok && x.t >= tDown).reduce((m, x) => Math.min(m, x.end), Infinity);
    const failedAfter = after.filter((x) => !x.ok);
    s.figure(`${v}_first_ok_after_ready_s`, Number.isFinite(firstOk) ? round(Math.max(0, firstOk - tReady) / 1000, 2) : null);
    s.figure(`${v}_recovery_s`, round((lastFail - tReady) / 1000, 2));
    s.figure(`${v}_failures_after_ready`, failedAfter.length);
    const fk = {};
    for (const x of failedAfter) tally(fk, x.kind);
    if (failedAfter.length) s.figure(`${v}_failures_after_ready_kinds`, fk);
    s.check(`${v}: requests succeed again within 10 s of MariaDB answering`, (lastFail - tReady) <= 10_000 && Number.isFinite(firstOk),
      `last 503 ${round((lastFail - tReady) / 1000, 2)} s after`);
    const internal = rec.timeline.filter((x) => x.kind.startsWith('500'));
    s.check(`${v}: no 500 internal answers`, internal.length === 0, `${internal.length}`);
    const lastSecond = rec.timeline.filter((x) => x.t >= rec.timeline[rec.timeline.length - 1].t - 2000);
    s.check(`${v}: the last 2 s of traffic all succeed`, lastSecond.every((x) => x.ok), JSON.stringify(lastSecond.filter((x) => !x.ok).map((x) => x.kind)));
    s.check(`${v}: the workers reconnected by themselves (same worker processes)`, workerPids().sort().join(',') === pidsBefore,
      `${pidsBefore} -> ${workerPids().sort().join(',')}`);
    s.check(`${v}: qiao worker (task consumer) still runs`, alive(consumerPid) && readPid('worker.pid') === consumerPid);
    const hLast = health.filter((h) => h.t > tReady).pop();
    s.check(`${v}: /health is ok again`, hLast?.status === 200 && hLast.body?.data?.db === 'ok', JSON.stringify(hLast?.body));
    s.figure(`${v}_requests`, rec.total);
    s.figure(`${v}_failed`, rec.failed);
    s.figure(`${v}_failed_pct`, round((100 * rec.failed) / (rec.total || 1), 2));

    // ---- the import: whole or nothing, then the re-run lands every row
    s.figure(`${v}_import_answer`, kind(importRes));
    s.check(`${v}: the interrupted import answers 503 unavailable in the JSON envelope`,
      importRes.status === 503 && isEnvelope(importRes) && importRes.body.error.code === 'unavailable',
      `${importRes.status} ${importRes.text.slice(0, 200)}`);
    const counts = () => sql(`SELECT COUNT(*), (SELECT COUNT(*) FROM employment e JOIN students x ON x.id = e.student_id WHERE x.major_id = ${major.id}),
        (SELECT COUNT(*) FROM dispatch d JOIN students x ON x.id = d.student_id WHERE x.major_id = ${major.id}),
        (SELECT COUNT(*) FROM accounts a JOIN students x ON x.id = a.student_id WHERE x.major_id = ${major.id})
      FROM students WHERE major_id = ${major.id}`)[0].map(Number);
    const [landed, ...linked] = counts();
    s.figure(`${v}_import_rows_landed`, landed);
    s.check(`${v}: the interrupted import landed whole or not at all`, (landed === 0 || landed === ROWS) && linked.every((n) => n === landed),
      `students ${landed}, employment/dispatch/accounts ${linked.join('/')}`);
    const t1 = now();
    const again = await importCsv(admin.token, csv, { mode: 'upsert', timeoutMs: 300_000 });
    s.figure(`${v}_reimport_s`, round((now() - t1) / 1000, 1));
    s.figure(`${v}_reimport_answer`, `${kind(again)} imported=${again.body?.data?.imported} failed=${again.body?.data?.failed}`);
    const [after2, ...linked2] = counts();
    s.check(`${v}: re-running the import with mode=upsert lands every row`, ok(again) && again.body.data.imported === ROWS
      && after2 === ROWS && linked2.every((n) => n === ROWS), `${again.status} ${again.text.slice(0, 200)}; students ${after2}, linked ${linked2.join('/')}`);
    for (const [id, list] of traffic.writes) allWrites.set(id, list);
  }

  checkWrites(s, allWrites);
  checkTally(s);
  checkAudit(s);
  s.check('MariaDB is up at the end', dbUp());
  const errors = logLines('qiao-fcgi.log', /"level":"error"/);
  s.figure('worker_error_log_lines', errors.length);
  const codes = {};
  for (const l of errors) tally(codes, (l.match(/"error":"(\d+)/) || [])[1] || l.slice(0, 80));
  s.figure('worker_db_error_codes', codes);
  s.figure('students_total', Number(sqlValue('SELECT COUNT(*) FROM students')));
});
