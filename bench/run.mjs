// bench/run.mjs: the measurements of `make bench`, each beside a baseline measured in the same
// run on the same machine. scripts/bench starts the stack, the static server and the PHP peer,
// then runs this with their addresses in the environment. Prints a table, writes
// var/bench/latest.json, and compares with an earlier file when asked. Never fails on a timing:
// it exits non-zero only when something could not be measured at all.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import http from 'node:http';
import { closeSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const env = process.env;
const REPO = env.BENCH_REPO;
const VAR = env.BENCH_VAR; // the stack's var directory
const API = `http://127.0.0.1:${env.BENCH_PORT}/api/v1`;
const PEER = `http://127.0.0.1:${env.BENCH_PEER_PORT}`;
const QUICK = env.BENCH_QUICK === '1';
const SIZES = {
  students: Number(env.BENCH_STUDENTS || (QUICK ? 20_000 : 1_000_000)),
  employers: Number(env.BENCH_EMPLOYERS || (QUICK ? 1_000 : 20_000)),
  jobs: Number(env.BENCH_JOBS || (QUICK ? 10_000 : 200_000)),
  applications: Number(env.BENCH_APPLICATIONS || (QUICK ? 40_000 : 2_000_000)),
  majors: 400,
  years: 5,
};
const WRK = { seconds: QUICK ? 3 : 10, connections: 64, threads: 2 };
const BULK = QUICK ? [5_000, 20_000] : [5_000, 100_000];
const DB = ['--no-defaults', '-uroot', '--local-infile=1', `--socket=${VAR}/mysqld.sock`, env.BENCH_DB_NAME || 'qiao'];

const figures = [];
const log = (...a) => console.error('bench:', ...a);

/** Records one figure. lower: whether smaller is better (times, memory). */
function figure(what, ours, baseline, unit, { lower = true, goal = '', baselineName = '' } = {}) {
  const ratio = ours != null && baseline ? ours / baseline : null;
  figures.push({ what, ours, baseline, baseline_name: baselineName, unit, ratio, lower, goal });
  log(`${what}: ${fmt(ours, unit)} vs ${fmt(baseline, unit)} ${baselineName}`);
}

function fmt(v, unit) {
  if (v == null) return '—';
  if (unit === 'ms') return v < 10 ? `${v.toFixed(2)} ms` : `${v.toFixed(0)} ms`;
  if (unit === 's') return `${v.toFixed(2)} s`;
  if (unit === 'req/s') return `${Math.round(v)} req/s`;
  if (unit === 'MB') return `${v.toFixed(1)} MB`;
  return `${v} ${unit}`;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const now = () => Number(process.hrtime.bigint()) / 1e6;

async function timed(fn) {
  const t0 = now();
  const out = await fn();
  return [now() - t0, out];
}

/* ---------- the stack ---------- */

function qiao(args, input) {
  return execFileSync(`${REPO}/build/bin/qiao`, ['--env', env.BENCH_ENV_FILE, ...args], {
    input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'inherit'],
  });
}

function sql(query) {
  return execFileSync('mariadb', [...DB, '--batch', '--skip-column-names', '-e', query], { encoding: 'utf8' });
}

/** Milliseconds the server spends on query: the median of runs in the client, less the
 * client's own start-up (the median of `SELECT 1`). */
function sqlMs(query, runs = 5) {
  const t = (q) => median(Array.from({ length: runs }, () => timedSync(() => sql(q))[0]));
  return Math.max(0.01, t(query) - t('SELECT 1'));
}

/** Waits (at most 120 s) until no other query runs and InnoDB has written its dirty pages and
 * purged old row versions, so a measurement and its baseline both run on a quiet server rather
 * than beside the work of the step before: the write-back of a bulk load (gigabytes), or the
 * peer's queue of multi-second counts, which PHP-FPM keeps running after wrk has gone. Returns
 * the seconds waited. */
/** A server status counter (SHOW GLOBAL STATUS). */
const status = (name) => Number(sql(`SHOW GLOBAL STATUS LIKE '${name}'`).split('\t')[1] || 0);

async function settle() {
  const [pct, io, ioMax] = sql('SELECT @@GLOBAL.innodb_max_dirty_pages_pct, @@GLOBAL.innodb_io_capacity, ' +
    '@@GLOBAL.innodb_io_capacity_max').trim().split('\t');
  // Write them back now, and as fast as the disk takes them: at the default pace (200 pages a
  // second) the quick profile's 256 MB pool took a minute to settle.
  sql('SET GLOBAL innodb_max_dirty_pages_pct = 0, innodb_io_capacity_max = 20000, innodb_io_capacity = 20000');
  const t0 = now();
  try {
    while (now() - t0 < 120_000) {
      const total = status('Innodb_buffer_pool_pages_total');
      if (status('Threads_running') <= 1 && status('Innodb_buffer_pool_pages_dirty') <= total / 200
        && status('Innodb_history_list_length') < 1000) break;
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    sql(`SET GLOBAL innodb_max_dirty_pages_pct = ${pct}, innodb_io_capacity = ${io}, innodb_io_capacity_max = ${ioMax}`);
  }
  return (now() - t0) / 1000;
}

/** Ends the peer's backlog: wrk has gone, but PHP-FPM still runs the count of every request
 * it had queued, seconds each. Its queries are cancelled until none has come for 2 s. */
async function drainPeer() {
  const running = "SELECT ID FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() " +
    "AND COMMAND IN ('Query', 'Execute') AND INFO LIKE '%FROM jobs j JOIN employers e%'";
  let killed = 0;
  for (let quiet = 0; quiet < 10;) {
    const ids = sql(running).split('\n').filter(Boolean);
    if (!ids.length) { quiet++; } else { quiet = 0; }
    for (const id of ids) {
      // A query that ended meanwhile is "unknown": not counted, not an error.
      if (spawnSync('mariadb', [...DB, '-e', `KILL QUERY ${id}`], { stdio: 'ignore' }).status === 0) killed++;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return killed;
}

function sqlToFile(query, file) {
  const fd = openSync(file, 'w');
  try {
    execFileSync('mariadb', [...DB, '--batch', '-e', query], { stdio: ['ignore', fd, 'inherit'] });
  } finally {
    closeSync(fd);
  }
}

/** One HTTP request on a fresh connection (a pooled one may have been closed by nginx's
 * keep-alive timeout during a long wrk run, and a POST is not retried). */
function call(method, url, { token, body, type = 'application/json' } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  const payload = body === undefined ? undefined
    : typeof body === 'object' && !Buffer.isBuffer(body) ? Buffer.from(JSON.stringify(body)) : body;
  if (payload !== undefined) {
    headers['content-type'] = type;
    headers['content-length'] = payload.length;
  }
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        if (res.statusCode >= 300) {
          reject(new Error(`${method} ${url}: ${res.statusCode} ${buf.toString().slice(0, 300)}`));
          return;
        }
        resolve({ res, buf, json: () => JSON.parse(buf.toString()) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

async function login(username, password) {
  const { json } = await call('POST', `${API}/auth/login`, { body: { username, password } });
  return json().data.token;
}

/* ---------- wrk ---------- */

/** A percentile of wrk's latency distribution in ms (wrk writes us, ms, s, or m past a minute). */
function parseLatency(text, pct) {
  const m = text.match(new RegExp(`^\\s+${pct}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm'));
  if (!m) return null;
  const unit = { us: 0.001, ms: 1, s: 1000, m: 60_000 }[m[2]];
  return Number(m[1]) * unit;
}

/**
 * Drives url for the fixed duration (WRK.seconds, or `seconds`) with WRK.connections (or
 * `connections`); returns requests/s, p50 and p99 (ms) and failures.
 */
function wrk(url, headers = {}, connections = WRK.connections, script = null, seconds = WRK.seconds) {
  // A generous timeout: a slow peer's latency is measured, not dropped as a timeout.
  const threads = Math.min(WRK.threads, connections);
  const args = ['-t', String(threads), '-c', String(connections), '-d', `${seconds}s`, '--latency', '--timeout', `${Math.max(30, seconds)}s`];
  if (script) args.push('-s', script);
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}: ${v}`);
  // A short warm-up first: caches, connections and the page cache start the same for all.
  spawnSync('wrk', ['-t', '1', '-c', '4', '-d', '1s', ...args.slice(7), url]);
  const out = execFileSync('wrk', [...args, url], { encoding: 'utf8' });
  const rps = Number((out.match(/Requests\/sec:\s+([\d.]+)/) || [])[1]);
  const bad = Number((out.match(/Non-2xx or 3xx responses:\s+(\d+)/) || [0, 0])[1]);
  const errs = (out.match(/Socket errors:.*/) || [''])[0];
  if (/timeout [1-9]/.test(errs)) log(`${url}: ${errs.trim()}`);
  return { rps, p50: parseLatency(out, 50), p99: parseLatency(out, 99), failed: bad, errors: errs };
}

function throughput(name, ours, limit, peer) {
  figure(`${name}: requests/s vs nginx static`, ours.rps, limit.rps, 'req/s',
    { lower: false, goal: name.startsWith('jobs') ? '≥ 0.5 × static' : '', baselineName: 'nginx static file' });
  if (peer) {
    figure(`${name}: requests/s vs PHP-FPM peer`, ours.rps, peer.rps, 'req/s',
      { lower: false, goal: '≥ 5 × peer', baselineName: 'PHP-FPM + PDO' });
  }
  figure(`${name}: p50 latency at ${WRK.connections} connections`, ours.p50, limit.p50, 'ms', { baselineName: 'nginx static file' });
  figure(`${name}: p99 latency at ${WRK.connections} connections`, ours.p99, peer ? peer.p99 : limit.p99, 'ms',
    { goal: name.startsWith('jobs') ? '< 20 ms' : '', baselineName: peer ? 'PHP-FPM + PDO' : 'nginx static file' });
  if (ours.failed || ours.errors) log(`${name}: ${ours.failed} non-2xx answers; ${ours.errors}`);
}

/* ---------- data for imports ---------- */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function idCard(i) {
  const body = `320102${2000 + (i % 6)}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(i % 1000).padStart(3, '0')}`;
  let sum = 0;
  for (let k = 0; k < 17; k++) sum += ID_WEIGHTS[k] * Number(body[k]);
  return body + '10X98765432'[sum % 11];
}

/** The same n students twice: a CSV for our import and a TSV (with major ids) for LOAD DATA. */
function importFiles(n, year, majors, tag) {
  const csv = ['学号,姓名,身份证号,毕业年份,入学年份,学历,学院,专业名称,手机号'];
  const tsv = [];
  for (let i = 0; i < n; i++) {
    const m = majors[i % majors.length];
    const no = `${tag}${String(i).padStart(7, '0')}`;
    const name = `学生${i % 997}`;
    const phone = `139${String(randomInt(0, 1e8)).padStart(8, '0')}`;
    const id = idCard(i);
    csv.push([no, name, id, year, year - 4, m.level, m.college, m.name, phone].join(','));
    tsv.push([no, name, id, year + 10, year + 6, m.level, m.id, phone].join('\t'));
  }
  return { csv: Buffer.from(csv.join('\n') + '\n'), tsv: tsv.join('\n') + '\n' };
}

function loadData(tsv, n) {
  const file = path.join(VAR, 'tmp', `bench-load-${n}.tsv`);
  writeFileSync(file, tsv);
  const [ms] = timedSync(() => sql(`LOAD DATA LOCAL INFILE '${file}' INTO TABLE students CHARACTER SET utf8mb4 ` +
    `FIELDS TERMINATED BY '\\t' (student_no, name, id_card, graduation_year, enrolment_year, level, major_id, phone)`));
  return ms;
}

function timedSync(fn) {
  const t0 = now();
  const out = fn();
  return [now() - t0, out];
}

/* ---------- memory ---------- */

function peakRss(pids) {
  let peak = 0;
  for (const pid of pids) {
    try {
      const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
      if (m) peak = Math.max(peak, Number(m[1]) / 1024);
    } catch { /* exited meanwhile */ }
  }
  return peak || null;
}

const childrenOf = (pidFile) => {
  const out = spawnSync('pgrep', ['-P', readFileSync(pidFile, 'utf8').trim()], { encoding: 'utf8' }).stdout;
  return out.split('\n').filter(Boolean);
};

/* ---------- the run ---------- */

async function main() {
  log(`profile ${QUICK ? 'quick' : 'full'}: ${JSON.stringify(SIZES)}, wrk ${WRK.seconds}s × ${WRK.connections} connections`);
  const [genMs, generated] = timedSync(() => qiao(['demo-data', '--students', String(SIZES.students), '--employers',
    String(SIZES.employers), '--jobs', String(SIZES.jobs), '--applications', String(SIZES.applications), '--majors', String(SIZES.majors), '--years',
    String(SIZES.years), '--accounts', path.join(VAR, 'demo-accounts.tsv')]));
  // Each step of the generation with its time, so a slower generation shows which step grew.
  for (const line of generated.split('\n').filter(Boolean)) log(`  demo-data: ${line}`);
  figure(`generate ${SIZES.students} students, ${SIZES.employers} employers, ${SIZES.jobs} jobs, ${SIZES.applications} applications`, genMs / 1000, null, 's',
    { goal: 'minutes, not hours' });

  const password = `Bench!${randomInt(1e9)}aA`;
  qiao(['account', 'create', '--role', 'superadmin', '--username', 'bench_admin', '--name', 'bench'], `${password}\n`);
  const admin = await login('bench_admin', password);
  const majors = (await call('GET', `${API}/majors?per_page=200`, { token: admin })).json().data;
  const busiest = sql('SELECT major_id FROM students GROUP BY major_id ORDER BY COUNT(*) DESC LIMIT 1').trim();
  await call('POST', `${API}/admin/accounts`, { token: admin, body: {
    username: 'bench_advisor', password, name: 'bench advisor', role: 'advisor', major_ids: [Number(busiest)] } });
  const advisor = await login('bench_advisor', password);

  log(`settled in ${(await settle()).toFixed(1)} s after the generation`);

  // HTTP: the limit (a static file as large as our answer), the peer, ours.
  const jobsBody = (await call('GET', `${API}/jobs?page=1`)).buf;
  mkdirSync(path.join(env.BENCH_PEER_VAR, 'static'), { recursive: true });
  writeFileSync(path.join(env.BENCH_PEER_VAR, 'static', 'jobs.json'), jobsBody);
  const peerBody = (await call('GET', `${PEER}/peer/jobs?page=1`)).json();
  if (peerBody.meta.total !== JSON.parse(jobsBody).meta.total) throw new Error('the peer and ours disagree on the job count');
  const limit = wrk(`${PEER}/static/jobs.json`);
  // The peer answers a request in seconds with its queue full: in a window of WRK.seconds it
  // finished none (round 4), so it gets six times as long to show a rate.
  const peer = wrk(`${PEER}/peer/jobs?page=1`, {}, WRK.connections, null, WRK.seconds * 6);
  log(`cancelled ${await drainPeer()} queued peer queries; settled in ${(await settle()).toFixed(1)} s`);
  throughput('jobs list (public, 20 rows)', wrk(`${API}/jobs?page=1`), limit, peer);
  throughput('students by major (advisor, JWT + scope)', wrk(`${API}/students?major_id=${busiest}`, { Authorization: `Bearer ${advisor}` }), limit);
  throughput('health', wrk(`${API}/health`), limit);

  // Bulk: imports over HTTP against LOAD DATA of the same rows.
  const year = new Date().getFullYear() + 3;
  const importable = majors.filter((m) => !m.direction);
  for (const [k, n] of BULK.entries()) {
    const files = importFiles(n, year + k, importable, `B${k}`);
    await settle();
    const reads = status('Innodb_buffer_pool_reads');
    const [ms, r] = await timed(() => call('POST', `${API}/students/import`, { token: admin, body: files.csv, type: 'text/csv' }));
    const answer = r.json().data;
    if (answer.imported !== n) throw new Error(`import of ${n}: ${JSON.stringify(answer).slice(0, 300)}`);
    // Pages the import had to read from disk: the buffer pool too small for the indexes it writes.
    log(`import of ${n} rows: ${status('Innodb_buffer_pool_reads') - reads} pages read from disk`);
    await settle();
    figure(`import ${n} rows over HTTP (CSV)`, ms / 1000, loadData(files.tsv, n) / 1000, 's',
      { goal: n <= 5000 ? '< 1 s, ≤ 5 × LOAD DATA' : '< 15 s', baselineName: 'LOAD DATA LOCAL INFILE' });
  }
  // Exports of the larger imported year against the mariadb client writing the same rows.
  const exportYear = year + BULK.length - 1, rows = BULK[BULK.length - 1];
  const query = `SELECT s.student_no, s.name, s.gender, s.graduation_year, s.level, m.college, m.name, s.status, ` +
    `s.phone, s.destination_code, d.name, e.employer_name FROM students s JOIN majors m ON m.id = s.major_id ` +
    `LEFT JOIN destination_codes d ON d.code = s.destination_code LEFT JOIN employment e ON e.student_id = s.id ` +
    `WHERE s.graduation_year = ${exportYear} ORDER BY s.graduation_year DESC, s.student_no`;
  await settle();
  const [cliMs] = timedSync(() => sqlToFile(query, path.join(VAR, 'tmp', 'bench-export.tsv')));
  for (const format of ['csv', 'xlsx']) {
    const [ms, r] = await timed(() => call('GET', `${API}/students/export?year=${exportYear}&status=all&format=${format}`, { token: admin }));
    figure(`export ${rows} rows as ${format} (${(r.buf.length / 1e6).toFixed(1)} MB)`, ms / 1000, cliMs / 1000, 's',
      { goal: '< 5 s', baselineName: 'mariadb --batch to a file' });
  }

  // Statistics by major over every student of a year: cold (version bumped) and cached.
  const statsYear = new Date().getFullYear();
  const statsUrl = `${API}/stats/employment?year=${statsYear}&group_by=major`;
  const redis = ['-s', path.join(VAR, 'redis.sock')];
  const cold = [];
  for (let i = 0; i < 5; i++) {
    execFileSync('redis-cli', [...redis, 'INCR', 'qiao:stats:version']);
    cold.push((await timed(() => call('GET', statsUrl, { token: admin })))[0]);
  }
  // Cached: one connection kept alive, so the figure is the request's own time, not a new
  // connection's or a queue's.
  const warm = wrk(statsUrl, { Authorization: `Bearer ${admin}` }, 1);
  const statsSql = `SELECT m.id, COUNT(*), COUNT(CASE WHEN d.category = 'employed' THEN 1 END) FROM students s ` +
    `JOIN student_statuses st ON st.name = s.status AND st.active = 1 JOIN majors m ON m.id = s.major_id ` +
    `LEFT JOIN destination_codes d ON d.code = s.destination_code WHERE s.graduation_year = ${statsYear} GROUP BY m.id`;
  const statsSqlMs = sqlMs(statsSql);
  const counted = sql(`SELECT COUNT(*) FROM students WHERE graduation_year = ${statsYear}`).trim();
  figure(`statistics by major, ${counted} students, cold (median of 5)`, median(cold), statsSqlMs, 'ms',
    { goal: '< 200 ms', baselineName: 'the same GROUP BY in the mariadb client' });
  figure('statistics by major, cached (wrk, 1 connection, p50)', warm.p50, statsSqlMs, 'ms',
    { goal: '< 5 ms', baselineName: 'the same GROUP BY in the mariadb client' });

  // The list with filters over all students, uncached: one page and its total.
  const listUrl = `${API}/students?year=${statsYear}&destination=employed&page=3`;
  const listTimes = [];
  for (let i = 0; i < 10; i++) listTimes.push((await timed(() => call('GET', listUrl, { token: admin })))[0]);
  const countSql = `SELECT COUNT(*) FROM students s JOIN destination_codes d ON d.code = s.destination_code ` +
    `WHERE s.graduation_year = ${statsYear} AND d.category = 'employed'`;
  figure('student list, year + destination filter, page 3 (median of 10)', median(listTimes), sqlMs(countSql), 'ms',
    { goal: '< 50 ms', baselineName: 'its COUNT(*) alone in the mariadb client' });

  // Recruitment: an employer's applicants of its most wanted job, and the public job search with
  // filters, each request a different question so that none is answered from the cache.
  await settle();
  const [busiestJob, itsEmployer, applicants] = sql('SELECT a.job_id, j.employer_id, COUNT(*) FROM applications a ' +
    'JOIN jobs j ON j.id = a.job_id GROUP BY a.job_id, j.employer_id ORDER BY COUNT(*) DESC LIMIT 1').trim().split('\t');
  qiao(['account', 'create', '--role', 'employer', '--employer-id', itsEmployer, '--username', 'bench_hr', '--name', 'bench hr'], `${password}\n`);
  const hr = await login('bench_hr', password);
  const applicantsSql = `SELECT a.id, a.state, a.note, a.resume, a.created_at FROM applications a WHERE a.job_id = ${busiestJob} ` +
    'ORDER BY a.id DESC LIMIT 20';
  const mine = wrk(`${API}/jobs/${busiestJob}/applications`, { Authorization: `Bearer ${hr}` });
  figure(`an employer's applicants, ${applicants} of ${SIZES.applications}: p99 at ${WRK.connections} connections`, mine.p99,
    sqlMs(applicantsSql), 'ms', { goal: '< 20 ms', baselineName: 'its page query in the mariadb client' });
  // The public job search with words and a city: 40 searches (8 words × 5 cities), each asked
  // once first (their first pages' times are reported), then wrk asks another page of one in each
  // request (pages 1-997, most past the end of their search), so no answer is cached but every
  // search's matches are (sql/031, jobs.c); then searches that are all new, a different least
  // salary in each request, so that every one runs in MariaDB.
  const words = ['工程师', '会计', '销售', '运营', '开发', '设计', '教师', '助理'].map(encodeURIComponent);
  const cities = ['南京', '上海', '北京', '苏州', '杭州'].map(encodeURIComponent);
  const searchScript = (name, salary) => {
    const file = path.join(VAR, 'tmp', name);
    // setup() runs once per wrk thread: each thread's least salaries start 20,000 apart.
    writeFileSync(file, `local words = {${words.map((w) => `"${w}"`).join(',')}}\n` +
      `local cities = {${cities.map((c) => `"${c}"`).join(',')}}\nlocal n = 0\nlocal threads = 0\n` +
      'function setup(thread)\n  thread:set("base", threads * 20000)\n  threads = threads + 1\nend\n' +
      'request = function()\n  n = n + 1\n' +
      '  return wrk.format(nil, "/api/v1/jobs?q=" .. words[n % #words + 1] .. "&city=" .. cities[n % #cities + 1] .. ' +
      `${salary ? '"&salary_min=" .. (base + n) .. "&page=1")' : '"&page=" .. (n % 997 + 1))'}\nend\n`);
    return file;
  };
  const searchSql = `SELECT COUNT(*) FROM job_terms t JOIN jobs j ON j.id = t.job_id WHERE t.term = 'x${Buffer.from('开发').toString('hex')}' ` +
    "AND j.listed = 1 AND j.city = '南京'";
  const searchMs = sqlMs(searchSql);
  const firstPages = [];
  for (const w of words) {
    for (const c of cities) firstPages.push(timedSync(() => spawnSync('curl', ['-s', '-o', '/dev/null', `${API}/jobs?q=${w}&city=${c}&page=1`]))[0]);
  }
  figure('job search, words + city: the first page of each of the 40 searches (median)', median(firstPages), searchMs, 'ms',
    { baselineName: 'one search\'s COUNT in the mariadb client' });
  figure('job search, words + city: the first page of each of the 40 searches (slowest)', Math.max(...firstPages), searchMs, 'ms',
    { baselineName: 'one search\'s COUNT in the mariadb client' });
  const search = wrk(`${API}/jobs`, {}, WRK.connections, searchScript('bench-search.lua', false));
  figure(`job search, words + city, paging the 40 searches (${SIZES.jobs} jobs): p99 at ${WRK.connections} connections`, search.p99,
    searchMs, 'ms', { goal: '< 30 ms', baselineName: 'one search\'s COUNT in the mariadb client' });
  figure('job search, words + city, paging: requests/s', search.rps, null, 'req/s', { lower: false });
  const fresh = wrk(`${API}/jobs`, {}, WRK.connections, searchScript('bench-search-new.lua', true));
  figure(`job search, every request a new search: p99 at ${WRK.connections} connections`, fresh.p99, searchMs, 'ms',
    { goal: '< 30 ms', baselineName: 'one search\'s COUNT in the mariadb client' });
  figure('job search, every request a new search: requests/s', fresh.rps, null, 'req/s', { lower: false });

  // Employer relations: the employer list ranked by either interaction score (issue 7), first
  // page, as the console asks for it; and the full recompute of every employer's scores.
  for (const model of ['seed', 'weighted']) {
    const rankUrl = `${API}/employers?sort=interaction_index&model=${model}&per_page=20`;
    const rankTimes = [];
    for (let i = 0; i < 10; i++) rankTimes.push((await timed(() => call('GET', rankUrl, { token: admin })))[0]);
    const column = model === 'seed' ? 'index_seed' : 'index_anchored';
    figure(`employers ranked by the ${model} interaction index, ${SIZES.employers} employers (median of 10)`,
      median(rankTimes), sqlMs(`SELECT id FROM employers ORDER BY ${column} DESC, id DESC LIMIT 20`), 'ms',
      { goal: '< 50 ms', baselineName: 'its ORDER BY … LIMIT 20 in the mariadb client' });
  }
  // The dashboards' data, cold (the statistics' version bumped before each request): the
  // employed of a year by their employer's province, and the employers by industry.
  const dashboards = [
    [`graduate destinations, employed by province, ${counted} students`, `${API}/stats/destinations?year=${statsYear}&by=province`,
      `SELECT LEFT(em.region_code, 2), COUNT(*) FROM students s JOIN employment em ON em.student_id = s.id ` +
      `JOIN destination_codes d ON d.code = em.destination_code AND d.category = 'employed' WHERE s.graduation_year = ${statsYear} GROUP BY 1`],
    [`employer portrait by industry, ${SIZES.employers} employers`, `${API}/stats/employers?by=industry`,
      "SELECT industry_code, COUNT(*), AVG(index_seed) FROM employers WHERE status = 'approved' GROUP BY 1"],
  ];
  for (const [what, url, baselineSql] of dashboards) {
    const times = [];
    for (let i = 0; i < 5; i++) {
      execFileSync('redis-cli', [...redis, 'INCR', 'qiao:stats:version']);
      times.push((await timed(() => call('GET', url, { token: admin })))[0]);
    }
    figure(`${what}, cold (median of 5)`, median(times), sqlMs(baselineSql), 'ms',
      { goal: '< 200 ms', baselineName: 'its GROUP BY in the mariadb client' });
  }
  const [rescoreMs] = await timed(() => call('PUT', `${API}/admin/interaction-model`, { token: admin, body: { half_life_days: 180 } }));
  figure(`rescore every employer's interaction index (${SIZES.employers} employers)`, rescoreMs / 1000, null, 's',
    { goal: 'seconds' });

  // Memory after all of the above.
  figure('peak RSS of one FastCGI worker', peakRss(childrenOf(path.join(VAR, 'fcgi.pid'))),
    peakRss(childrenOf(path.join(env.BENCH_PEER_VAR, 'php-fpm.pid'))), 'MB',
    { goal: '< 32 MB', baselineName: 'one PHP-FPM worker' });
}

/* ---------- the report ---------- */

function table(rows, previous) {
  const head = ['what', 'ours', 'baseline', 'ratio', 'goal'];
  if (previous) head.push('before', 'change');
  const lines = rows.map((f) => {
    const ratio = f.ratio == null ? '—' : `${f.ratio.toFixed(f.ratio < 10 ? 2 : 0)}×`;
    const cells = [f.what, fmt(f.ours, f.unit), f.baseline == null ? '—' : `${fmt(f.baseline, f.unit)} (${f.baseline_name})`, ratio, f.goal];
    if (previous) {
      const p = previous.figures.find((x) => x.what === f.what);
      cells.push(p ? fmt(p.ours, p.unit) : '—', p && p.ours && f.ours ? `${(f.ours / p.ours).toFixed(2)}×` : '—');
    }
    return cells;
  });
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [row(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(row)].join('\n');
}

function machine() {
  const cpu = (readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s+:\s+(.*)/) || [])[1];
  return { cpus: Number(execFileSync('nproc', { encoding: 'utf8' }).trim()), cpu, node: process.version };
}

const started = new Date();
let failure = null;
try {
  await main();
} catch (e) {
  failure = e;
  log(`could not finish: ${e.message}`);
}
const previous = env.BENCH_COMPARE ? JSON.parse(readFileSync(env.BENCH_COMPARE, 'utf8')) : null;
const report = { started: started.toISOString(), seconds: Math.round((Date.now() - started) / 1000), profile: QUICK ? 'quick' : 'full',
  sizes: SIZES, wrk: WRK, machine: machine(), figures };
mkdirSync(path.join(REPO, 'var', 'bench'), { recursive: true });
writeFileSync(path.join(REPO, 'var', 'bench', 'latest.json'), JSON.stringify(report, null, 2));
console.log(`\nQiao benchmark — ${report.profile} profile, ${report.machine.cpus} CPUs, ${report.seconds} s` +
  (previous ? `; "before" is ${env.BENCH_COMPARE} (${previous.started})` : ''));
console.log('ratio = ours / baseline (for requests/s higher is better; for times and memory lower is better)\n');
console.log(table(figures, previous));
console.log(`\nwritten to var/bench/latest.json (${statSync(path.join(REPO, 'var', 'bench', 'latest.json')).size} bytes)`);
if (failure) process.exit(1);
