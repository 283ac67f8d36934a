// Scenario 3: Redis goes away (SHUTDOWN NOSAVE as scripts/stack stops it, then kill -9), each
// time under mixed traffic, with task jobs waiting in the queue (the consumer stopped first).
// While it is down: /health names redis; sign-in and every authenticated request answer 503
// (fail closed: never 200, also not for a revoked token); a write is not stored. When it is back
// (started with scripts/stack's command line, workers untouched): requests succeed again
// (measured), revoked tokens stay revoked, queued jobs are all there and are worked off, cached
// answers agree with the database, and what the caches hold after the restart is reported.
import { openSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import {
  CLI, ENV_FILE, VAR, adminAccount, alive, call, checkAudit, checkTally, checkWrites, dur, employmentBody,
  kind, log, majorsWithStudents, mixedTraffic, now, ok, qiao, readPid, redis, redisUp, round, runLoad,
  scenario, sleep, sql, sqlValue, startRedis, stopRedis, tally, waitFor, workerPids,
} from './lib.mjs';

const LANES = 8;
const QUEUE = 'qiao:queue:tasks';

function cacheKeys() {
  const counts = {};
  const keys = redis('--scan', '--pattern', 'qiao:*').split('\n').filter(Boolean);
  for (const k of keys) tally(counts, k.split(':').slice(0, 2).join(':'));
  return counts;
}

async function stopConsumer() {
  const pid = readPid('worker.pid');
  if (!alive(pid)) return;
  process.kill(pid, 'SIGTERM');
  await waitFor('qiao worker to stop', () => !alive(pid), 20_000);
}

// Starts `qiao worker` as scripts/stack start_worker does (log appended, pid file written).
function startConsumer() {
  const out = openSync(path.join(VAR, 'log/qiao-worker.log'), 'a');
  const child = spawn(CLI, ['--env', ENV_FILE, 'worker'], { detached: true, stdio: ['ignore', out, out] });
  child.unref();
  writeFileSync(path.join(VAR, 'worker.pid'), `${child.pid}\n`);
}

await scenario('3-redis', async (s) => {
  qiao(['demo-data', '--students', '2000', '--employers', '50', '--jobs', '200']);
  const admin = await adminAccount();
  const own = await majorsWithStudents(admin.token, 2 * (LANES + 1), 8);
  const readMajorIds = [...own.majors.map((m) => m.id), ...sql('SELECT id FROM majors ORDER BY id LIMIT 10').map((r) => Number(r[0]))];
  const allWrites = new Map();

  for (const [v, signal] of [['stop', null], ['kill9', 'SIGKILL']]) {
    log(`== variant ${v}`);
    // A token signed out now must stay refused after Redis comes back.
    const other = await call('POST', '/auth/login', { json: { username: admin.username, password: admin.password } });
    const revoked = other.body.data.token;
    const out = await call('POST', '/auth/logout', { token: revoked });
    s.check(`${v}: sign-out answers 200`, out.status === 200, kind(out));

    // Jobs waiting in the queue: the consumer stopped, then writes that each queue stats.refresh.
    await stopConsumer();
    const queued0 = Number(redis('llen', QUEUE));
    for (const id of own.students[v === 'stop' ? 0 : LANES + 1].slice(0, 5)) {
      const r = await call('PUT', `/students/${id}/employment`, { token: admin.token, json: employmentBody('80', `${v}-queue-${id}`) });
      if (!ok(r)) throw new Error(`write: ${kind(r)}`);
    }
    // Warm caches: the job list, student counts, the account document.
    for (const m of readMajorIds.slice(0, 5)) await call('GET', `/students?major_id=${m}`, { token: admin.token });
    await call('GET', '/jobs');
    if (v === 'kill9') await sleep(1500); // past appendfsync everysec
    const queued = Number(redis('llen', QUEUE)) + Number(redis('llen', `${QUEUE}:processing`));
    const keysBefore = cacheKeys();
    s.figure(`${v}_queued_before`, queued);
    s.figure(`${v}_keys_before`, keysBefore);
    // A sign-out acknowledged just before a kill -9 must not be lost.
    let lastSecondRevoked = null;
    if (signal) {
      const l2 = await call('POST', '/auth/login', { json: { username: admin.username, password: admin.password } });
      lastSecondRevoked = l2.body.data.token;
      const o2 = await call('POST', '/auth/logout', { token: lastSecondRevoked });
      s.check(`${v}: the last sign-out before the kill answers 200`, o2.status === 200, kind(o2));
    }

    const pidsBefore = workerPids().sort().join(',');
    const traffic = mixedTraffic({
      token: admin.token, lanes: LANES, markPrefix: v, readMajorIds,
      laneStudents: v === 'stop' ? own.students.slice(1, LANES + 1) : own.students.slice(LANES + 2),
    });
    let stopLoad = false;
    const load = runLoad({ lanes: LANES, untilMs: now() + 600_000, next: traffic.next, stop: () => stopLoad });
    await sleep(2000);
    await stopRedis(signal);
    const tDown = now();
    log(`Redis ${signal || 'SHUTDOWN NOSAVE'}; down for ${dur(6)} s`);

    // ---- while it is down
    await sleep(300);
    const health = await call('GET', '/health');
    s.figure(`${v}_health_while_down`, `${health.status} ${JSON.stringify(health.body)}`);
    s.check(`${v}: /health answers 503 naming redis`, health.status === 503 && health.body?.data?.redis === 'unavailable'
      && health.body?.data?.db === 'ok' && health.body?.error?.code === 'unavailable', health.text);
    const login = await call('POST', '/auth/login', { json: { username: admin.username, password: admin.password } });
    s.check(`${v}: sign-in answers 503 unavailable (no token)`, login.status === 503 && login.body?.error?.code === 'unavailable'
      && !login.text.includes('token'), `${login.status} ${login.text.slice(0, 200)}`);
    const authed = await call('GET', '/me', { token: admin.token });
    s.check(`${v}: an authenticated request answers 503`, authed.status === 503 && authed.body?.error?.code === 'unavailable', kind(authed));
    const rev = await call('GET', `/students?major_id=${readMajorIds[0]}`, { token: revoked });
    s.check(`${v}: a revoked token answers 503, not 200`, rev.status === 503, kind(rev));
    const target = own.students[v === 'stop' ? 0 : LANES + 1][0];
    const w = await call('PUT', `/students/${target}/employment`, { token: admin.token, json: employmentBody('10', `${v}-while-down`) });
    s.check(`${v}: a write answers 503`, w.status === 503, kind(w));
    await sleep(Math.max(0, dur(6) * 1000 - (now() - tDown)));
    const tStart = now();
    await startRedis();
    const tReady = now();
    const keysAfter = cacheKeys(); // what the append-only file brought back, before new traffic
    log(`Redis answers again after ${round((tReady - tStart) / 1000, 2)} s`);
    await sleep(dur(8) * 1000);
    stopLoad = true;
    const rec = await load;

    s.check(`${v}: the write made while Redis was down was not stored`,
      Number(sqlValue(`SELECT COUNT(*) FROM employment_history WHERE student_id = ${target} AND job_title = '${v}-while-down'`)) === 0);
    const downKinds = {};
    for (const x of rec.timeline) if (x.t >= tDown && x.end <= tStart) tally(downKinds, `${x.op}: ${x.kind}`);
    s.figure(`${v}_answers_while_down`, downKinds);
    const leaks = Object.keys(downKinds).filter((k) => !k.startsWith('GET /jobs') && !/: 503 unavailable$/.test(k));
    s.check(`${v}: while Redis is down every signed-in request answers 503 unavailable`, leaks.length === 0,
      leaks.map((k) => `${k} x${downKinds[k]}`).join(', '));

    // ---- recovery, without restarting workers
    const authedOps = rec.timeline.filter((x) => x.op !== 'GET /jobs' && x.end > tReady);
    const last503 = authedOps.filter((x) => !x.ok).reduce((m, x) => Math.max(m, x.end), tReady);
    const firstOk = authedOps.filter((x) => x.ok && x.t >= tDown).reduce((m, x) => Math.min(m, x.end), Infinity);
    s.figure(`${v}_first_ok_after_ready_s`, Number.isFinite(firstOk) ? round((firstOk - tReady) / 1000, 2) : null);
    s.figure(`${v}_recovery_s`, round((last503 - tReady) / 1000, 2));
    s.figure(`${v}_failures_after_ready`, authedOps.filter((x) => !x.ok).length);
    s.figure(`${v}_requests`, rec.total);
    s.figure(`${v}_failed`, rec.failed);
    s.check(`${v}: signed-in requests succeed again within 5 s of Redis answering`, last503 - tReady <= 5000 && Number.isFinite(firstOk),
      `last failure ${round((last503 - tReady) / 1000, 2)} s after`);
    s.check(`${v}: same worker processes (no restart needed)`, workerPids().sort().join(',') === pidsBefore);
    const again = await call('POST', '/auth/login', { json: { username: admin.username, password: admin.password } });
    s.check(`${v}: sign-in works again`, again.status === 200, kind(again));
    const rev2 = await call('GET', '/me', { token: revoked });
    s.check(`${v}: the token signed out before the outage is still refused (401)`, rev2.status === 401, kind(rev2));
    if (lastSecondRevoked) {
      const rev3 = await call('GET', '/me', { token: lastSecondRevoked });
      s.check(`${v}: the sign-out acknowledged just before kill -9 is still in force (401)`, rev3.status === 401, kind(rev3));
    }

    // ---- caches and the queue
    s.figure(`${v}_keys_after_restart`, keysAfter);
    const warm = ['qiao:acct', 'qiao:jobs', 'qiao:stats'].filter((k) => keysAfter[k]);
    s.note(`${v}: caches after the restart are ${warm.length ? `warm (${warm.join(', ')} restored from the append-only file)` : 'cold'}`);
    const queuedAfter = Number(redis('llen', QUEUE)) + Number(redis('llen', `${QUEUE}:processing`));
    s.figure(`${v}_queued_after_restart`, queuedAfter);
    // The writes of the traffic after the restart queued more; none of the earlier ones may be gone.
    s.check(`${v}: the ${queued} queued task jobs survived (${queuedAfter} queued now)`, queuedAfter >= queued && queued > queued0);
    const m = own.majors[1];
    const listed = await call('GET', `/students?major_id=${m.id}`, { token: admin.token });
    const jobs = await call('GET', '/jobs');
    const jobsInDb = Number(sqlValue(`SELECT COUNT(*) FROM jobs j JOIN employers e ON e.id = j.employer_id
      WHERE j.status = 'approved' AND e.status IN ('approved', 'rereview')`));
    s.check(`${v}: cached answers agree with the database after the restart`,
      listed.body?.meta?.total === Number(sqlValue(`SELECT COUNT(*) FROM students WHERE major_id = ${m.id}`)) && jobs.body?.meta?.total === jobsInDb,
      `students ${listed.body?.meta?.total}, jobs ${jobs.body?.meta?.total} (db ${jobsInDb})`);
    startConsumer();
    const drainMs = await waitFor('the queue to drain', () => Number(redis('llen', QUEUE)) + Number(redis('llen', `${QUEUE}:processing`)) === 0, 60_000, 200)
      .catch(() => null);
    s.check(`${v}: the restarted consumer works off the queue`, drainMs !== null, `${redis('llen', QUEUE)} still queued`);
    s.figure(`${v}_queue_drained_s`, drainMs === null ? null : round(drainMs / 1000, 1));
    for (const [id, list] of traffic.writes) allWrites.set(id, list);
  }

  s.check('Redis is up at the end', redisUp());
  const aof = redis('config', 'get', 'appendonly').split('\n')[1];
  const fsync = redis('config', 'get', 'appendfsync').split('\n')[1];
  s.figure('redis_appendonly', `${aof}/${fsync}`);
  checkWrites(s, allWrites);
  checkTally(s);
  checkAudit(s);
});
