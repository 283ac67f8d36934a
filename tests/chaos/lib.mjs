// tests/chaos/lib.mjs: what the chaos scenarios share: the stack under test (its env file,
// processes, MariaDB as root, Redis), an HTTP client that never throws, a load generator that
// records every answer, data set-up through the CLI and the API, checks and the summary line.
// No npm dependencies. Loopback only: every address is 127.0.0.1 or a unix socket under var/.
//
// Environment (set by scripts/chaos):
//   CHAOS_STACK   the stack name (default chaos): var/<name>/, var/<name>/qiao.env
//   CHAOS_QUICK   1 halves every duration
//   CHAOS_RESULTS directory for <scenario>.json (default var/chaos-results)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const STACK = process.env.CHAOS_STACK || 'chaos';
export const VAR = path.join(REPO, 'var', STACK);
export const ENV_FILE = path.join(VAR, 'qiao.env');
export const CLI = path.join(REPO, 'build/bin/qiao');
export const QUICK = process.env.CHAOS_QUICK === '1';
export const RESULTS = process.env.CHAOS_RESULTS || path.join(REPO, 'var/chaos-results');

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// Makes the writes' Idempotency-Keys of this run unlike those of any run before on the stack.
const RUN_KEY = randomBytes(4).toString('hex');
export const now = () => performance.now();
// A duration in seconds, halved by --quick.
export const dur = (s) => (QUICK ? s / 2 : s);
export const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
export const log = (...a) => console.error(`[${new Date().toISOString().slice(11, 23)}]`, ...a);

/* ---------- the stack's settings ---------- */

export function envValue(key, file = ENV_FILE) {
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = line.match(/^([A-Z_0-9]+)=(.*)$/);
    if (m && m[1] === key) return m[2];
  }
  return undefined;
}

export const PORT = Number(envValue('QIAO_HTTP_PORT') || 8080);
export const WORKERS = Number(envValue('QIAO_WORKERS') || 4);
export const DB_NAME = envValue('QIAO_DB_NAME') || 'qiao';
export const MYSQL_SOCK = path.join(VAR, 'mysqld.sock');
export const REDIS_SOCK = path.join(VAR, 'redis.sock');
export const BASE = `http://127.0.0.1:${PORT}/api/v1`;

/* ---------- HTTP: never throws; status 0 means no HTTP answer (error names why) ---------- */

const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

/**
 * call(method, path, {token, json, body, type, timeoutMs}) ->
 *   {status, body (parsed JSON or null), text, ms, error, headers}
 */
export function call(method, urlPath, opts = {}) {
  const { token, json, body, type, timeoutMs = 20_000, query, base = BASE, headers: extra = {} } = opts;
  let payload = body;
  const headers = { accept: 'application/json', ...extra };
  if (json !== undefined) {
    payload = Buffer.from(JSON.stringify(json));
    headers['content-type'] = 'application/json';
  }
  if (type) headers['content-type'] = type;
  if (payload !== undefined) headers['content-length'] = Buffer.byteLength(payload);
  if (token) headers.authorization = `Bearer ${token}`;
  let url = base + urlPath;
  if (query) url += (url.includes('?') ? '&' : '?') + new URLSearchParams(query).toString();
  const t0 = now();
  return new Promise((resolve) => {
    let done = false;
    const finish = (r) => {
      if (done) return;
      done = true;
      resolve({ ms: now() - t0, ...r });
    };
    const req = http.request(url, { method, headers, agent, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        const text = buf.toString('utf8');
        let parsed = null;
        if (/json/.test(res.headers['content-type'] || '')) {
          try { parsed = JSON.parse(text); } catch { parsed = null; }
        }
        finish({ status: res.statusCode, body: parsed, text, buf, headers: res.headers, error: null });
      });
      res.on('error', (e) => finish({ status: 0, body: null, text: '', error: e.code || e.message }));
    });
    req.on('timeout', () => { req.destroy(new Error('timeout')); });
    req.on('error', (e) => finish({ status: 0, body: null, text: '', error: e.code || e.message }));
    if (payload !== undefined) req.end(payload); else req.end();
  });
}

// The kind of an answer for counting: "200", "503 unavailable", "500 internal", "ECONNRESET", …
export function kind(r) {
  if (r.status === 0) return r.error || 'no answer';
  const code = r.body?.error?.code;
  if (r.status >= 200 && r.status < 300) return String(r.status);
  return code ? `${r.status} ${code}` : `${r.status} non-json`;
}

export const ok = (r) => r.status >= 200 && r.status < 300;
// A JSON error envelope {error:{code,message}} (what every failure must look like).
export const isEnvelope = (r) => r.body && typeof r.body.error === 'object'
  && typeof r.body.error.code === 'string' && typeof r.body.error.message === 'string';

export function tally(map, k, n = 1) { map[k] = (map[k] || 0) + n; }

/* ---------- processes of the stack ---------- */

export function readPid(file) {
  try { return Number(readFileSync(path.join(VAR, file), 'utf8').trim()) || 0; } catch { return 0; }
}
export function alive(pid) {
  if (!pid) return false;
  try { process.kill(pid, 0); } catch { return false; }
  // A zombie still answers kill 0; it is not alive for us.
  try { return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8')); } catch { return false; }
}

// The FastCGI workers: the live children of the supervisor (var/<stack>/fcgi.pid).
export function workerPids() {
  const sup = readPid('fcgi.pid');
  if (!sup) return [];
  const out = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    let stat;
    try { stat = readFileSync(`/proc/${d}/stat`, 'utf8'); } catch { continue; }
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(rest[1]) === sup && rest[0] !== 'Z') out.push(Number(d));
  }
  return out;
}

export async function waitFor(what, fn, timeoutMs, stepMs = 100) {
  const t0 = now();
  for (;;) {
    let v;
    try { v = await fn(); } catch { v = false; }
    if (v) return now() - t0;
    if (now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(stepMs);
  }
}

/* ---------- MariaDB as root over the stack's socket ---------- */

// Runs SQL as root (on `socket`, default the stack's); returns rows as arrays of strings (NULL
// as null). Throws on error.
export function sql(query, { timeoutMs = 120_000, socket = MYSQL_SOCK } = {}) {
  const out = execFileSync('mariadb', ['--no-defaults', '-uroot', `--socket=${socket}`, '-N', '-B', DB_NAME, '-e', query], {
    encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 512 << 20,
  });
  return out.split('\n').filter((l) => l.length).map((l) => l.split('\t').map((c) => (c === 'NULL' ? null : c)));
}
export const sqlValue = (q) => sql(q)[0]?.[0] ?? null;

export function dbUp() {
  const r = spawnSync('mariadb', ['--no-defaults', '-uroot', `--socket=${MYSQL_SOCK}`, '-e', 'SELECT 1'],
    { stdio: 'ignore', timeout: 5000 });
  return r.status === 0;
}

// The exact command line mariadbd runs with (scripts/stack start_mariadb), to start it again.
export function mariadbCommand() {
  const pid = readPid('mysqld.pid');
  if (!alive(pid)) throw new Error('mariadbd is not running');
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
}

async function waitGone(pid, timeoutMs) {
  await waitFor(`pid ${pid} to exit`, () => !alive(pid), timeoutMs, 50);
}

// Stops mariadbd the way scripts/stack does (SIGTERM, wait) or with SIGKILL.
export async function stopMariadb(signal = 'SIGTERM') {
  const pid = readPid('mysqld.pid');
  process.kill(pid, signal);
  await waitGone(pid, 60_000);
}

// Starts mariadbd with `argv` (from mariadbCommand) detached, and waits until it answers.
export async function startMariadb(argv) {
  const child = spawn(argv[0], argv.slice(1), { detached: true, stdio: 'ignore', cwd: REPO });
  child.unref();
  return waitFor('MariaDB to answer', () => dbUp(), 120_000, 50);
}

/* ---------- Redis ---------- */

export function redis(...args) {
  const r = spawnSync('redis-cli', ['-s', REDIS_SOCK, ...args], { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) throw new Error(`redis-cli ${args.join(' ')}: ${r.stderr || r.stdout}`);
  return r.stdout.trim();
}
export function redisUp() {
  try { return redis('ping') === 'PONG'; } catch { return false; }
}

// Stops Redis as scripts/stack does (SHUTDOWN NOSAVE: the append-only file is kept) or kill -9.
export async function stopRedis(signal = null) {
  const pid = readPid('redis.pid');
  if (signal) process.kill(pid, signal);
  else spawnSync('redis-cli', ['-s', REDIS_SOCK, 'shutdown', 'nosave'], { stdio: 'ignore', timeout: 10_000 });
  await waitGone(pid, 30_000);
}

// Starts Redis with the command line of scripts/stack start_redis.
export async function startRedis() {
  execFileSync('redis-server', ['--port', '0', '--unixsocket', REDIS_SOCK, '--unixsocketperm', '700',
    '--dir', path.join(VAR, 'redis'), '--appendonly', 'yes', '--daemonize', 'yes',
    '--pidfile', path.join(VAR, 'redis.pid'), '--logfile', path.join(VAR, 'log/redis.log'), '--save', ''],
  { stdio: 'ignore' });
  return waitFor('Redis to answer', () => redisUp(), 30_000, 50);
}

/* ---------- the CLI ---------- */

export function qiao(args, { input, allowFail = false, timeoutMs = 300_000, env = ENV_FILE } = {}) {
  const r = spawnSync(CLI, ['--env', env, ...args], {
    input, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20,
  });
  if (r.status !== 0 && !allowFail) {
    throw new Error(`qiao ${args.join(' ')} exited ${r.status}: ${(r.stderr || '').trim()} ${(r.stdout || '').trim()}`);
  }
  return { code: r.status, stdout: (r.stdout || '').trim(), stderr: (r.stderr || '').trim() };
}

export const password = () => `Qz9!${randomBytes(8).toString('hex')}`;
export const tag = () => `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;

// Makes an admin with `qiao account create` (password on stdin) and signs it in.
export async function adminAccount(username = `chaos_${tag()}`) {
  const pw = password();
  qiao(['account', 'create', '--role', 'admin', '--username', username, '--name', '混沌测试管理员'], { input: `${pw}\n` });
  const r = await call('POST', '/auth/login', { json: { username, password: pw } });
  if (r.status !== 200) throw new Error(`sign-in of ${username}: ${r.status} ${r.text.slice(0, 200)}`);
  return { username, password: pw, token: r.body.data.token, id: r.body.data.user.id };
}

/* ---------- records: majors, students (CSV import), employment bodies ---------- */

export async function createMajor(token, name = `混沌专业${tag()}`) {
  const t = tag();
  const body = { code: `CH${t}`.slice(0, 30), name, college: `混沌学院${t}`, campus: '本部', level: '本科生', years: 4 };
  const r = await call('POST', '/majors', { token, json: body });
  if (r.status !== 201) throw new Error(`POST /majors: ${r.status} ${r.text.slice(0, 300)}`);
  return r.body.data;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
// A valid 18-character ID-card number (GB 11643 check character).
export function idCard() {
  const birth = `${randomInt(1998, 2006)}${String(randomInt(1, 13)).padStart(2, '0')}${String(randomInt(1, 29)).padStart(2, '0')}`;
  const body = `320102${birth}${String(randomInt(0, 1000)).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ID_WEIGHTS[i] * Number(body[i]);
  return body + '10X98765432'[sum % 11];
}

// A CSV (Chinese headers, as the registrar sends it) of `n` students of `major` in `year`.
export function studentsCsv(major, n, { prefix = `C${tag()}`, year = 2026 } = {}) {
  const lines = ['学号,姓名,身份证号,毕业年份,入学年份,学历,学院,专业名称,手机号'];
  for (let i = 0; i < n; i++) {
    const no = `${prefix}${String(i).padStart(6, '0')}`.toUpperCase();
    lines.push(`${no},学生${i},${idCard()},${year},${year - 4},${major.level},${major.college},${major.name},139${String(randomInt(0, 1e8)).padStart(8, '0')}`);
  }
  return { text: `${lines.join('\n')}\n`, prefix: prefix.toUpperCase() };
}

export function importCsv(token, csv, { mode, timeoutMs = 300_000 } = {}) {
  return call('POST', '/students/import', {
    token, body: Buffer.from(csv, 'utf8'), type: 'text/csv', timeoutMs, query: mode ? { mode } : undefined,
  });
}

// The ids of `major`'s students (as root: no paging).
export function studentIds(majorId) {
  return sql(`SELECT id FROM students WHERE major_id = ${Number(majorId)} ORDER BY id`).map((r) => Number(r[0]));
}

/**
 * A PUT /students/{id}/employment body for `code` '10' (an employer) or '80' (further study)
 * that carries `mark` where the stored history keeps it (job_title or school), so every row
 * of employment_history can be traced to the request that wrote it.
 */
export function employmentBody(code, mark) {
  if (code === '10') {
    return {
      destination_code: '10', employer_name: '混沌测试单位有限公司', credit_code: '91350100M000100Y43',
      industry_code: 'I', region_code: '320102', unit_nature_code: '39', job_title: mark, salary: 8000,
    };
  }
  return { destination_code: '80', school: mark };
}

/* ---------- load: lanes of requests until a deadline, every answer recorded ---------- */

/**
 * Runs `lanes` concurrent loops until `untilMs` (performance.now()) or `stop()`; each loop calls
 * `next(lane, i)` for a request spec {op, method, path, opts, onDone(res)}. Returns the record:
 * {total, failed, byOp: {op: {n, kinds}}, kinds, timeline: [{t, op, ok, kind}], ms}.
 */
export async function runLoad({ lanes, untilMs, next, stop = () => false }) {
  const rec = { total: 0, failed: 0, kinds: {}, byOp: {}, timeline: [], latencies: [] };
  const t0 = now();
  // One request, counted; the answer.
  async function send(spec) {
    const start = now();
    // Longer than nginx's fastcgi_read_timeout (60 s): what nginx answers is what is counted.
    const r = await call(spec.method, spec.path, { timeoutMs: 70_000, ...spec.opts });
    const k = kind(r);
    rec.total++;
    if (!ok(r)) rec.failed++;
    tally(rec.kinds, k);
    const op = (rec.byOp[spec.op] ??= { n: 0, failed: 0, kinds: {} });
    op.n++;
    if (!ok(r)) op.failed++;
    tally(op.kinds, k);
    rec.timeline.push({ t: start, end: now(), op: spec.op, ok: ok(r), kind: k });
    rec.latencies.push(r.ms);
    return r;
  }
  async function lane(l) {
    for (let i = 0; now() < untilMs && !stop(); i++) {
      const spec = next(l, i);
      // A spec with `retries` is sent again after a failure, as a client would (each attempt
      // counted), before the lane goes on: with its Idempotency-Key, at most once applied.
      let r = await send(spec);
      let attempts = 1;
      while (!ok(r) && attempts <= (spec.retries ?? 0) && (!spec.retryable || spec.retryable(r))) {
        await sleep(100);
        r = await send(spec);
        attempts++;
      }
      if (spec.onDone) spec.onDone(r, attempts);
    }
  }
  await Promise.all(Array.from({ length: lanes }, (_, l) => lane(l)));
  rec.ms = now() - t0;
  return rec;
}

export function percentile(xs, p) {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/* ---------- checks and the summary ---------- */

export class Scenario {
  constructor(name) {
    this.name = name;
    this.checks = [];
    this.figures = {};
    this.notes = [];
    this.t0 = now();
  }

  check(what, pass, detail = '') {
    this.checks.push({ what, pass: Boolean(pass), detail: String(detail) });
    log(`${pass ? 'ok  ' : 'FAIL'} ${what}${detail ? ` — ${detail}` : ''}`);
    return Boolean(pass);
  }

  figure(key, value) {
    this.figures[key] = value;
  }

  note(text) {
    this.notes.push(text);
    log(`note: ${text}`);
  }

  // Prints the summary line, writes the JSON record, sets the exit code.
  finish(error) {
    if (error instanceof Skip) return this.skip(error.message);
    if (error) this.check('scenario ran to its end', false, error.stack || error.message);
    const failed = this.checks.filter((c) => !c.pass);
    const figs = Object.entries(this.figures).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`).join(' ');
    const secs = round((now() - this.t0) / 1000, 1);
    console.log(`chaos ${this.name}: ${failed.length ? 'FAIL' : 'PASS'} (${this.checks.length - failed.length}/${this.checks.length} checks, ${secs} s) ${figs}`);
    for (const c of failed) console.log(`  FAILED: ${c.what}${c.detail ? ` — ${c.detail.slice(0, 600)}` : ''}`);
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(path.join(RESULTS, `${this.name}.json`), `${JSON.stringify({
      scenario: this.name, quick: QUICK, at: new Date().toISOString(), seconds: secs,
      passed: failed.length === 0, figures: this.figures, checks: this.checks, notes: this.notes,
    }, null, 2)}\n`);
    process.exitCode = failed.length ? 1 : 0;
  }

  // The summary line of a scenario that cannot run here, and why; not a failure (exit 0).
  skip(reason) {
    const secs = round((now() - this.t0) / 1000, 1);
    console.log(`chaos ${this.name}: SKIPPED (${secs} s) ${reason}`);
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(path.join(RESULTS, `${this.name}.json`), `${JSON.stringify({
      scenario: this.name, quick: QUICK, at: new Date().toISOString(), seconds: secs, skipped: reason,
      figures: this.figures, checks: this.checks, notes: this.notes,
    }, null, 2)}\n`);
    process.exitCode = 0;
  }
}

// Thrown by a scenario that cannot run where it is (the message says why): it is skipped.
export class Skip extends Error {}

// Runs `fn(scenario)` and finishes the scenario whatever happens.
export async function scenario(name, fn) {
  const s = new Scenario(name);
  let error = null;
  try {
    await fn(s);
  } catch (e) {
    error = e;
  }
  s.finish(error);
  agent.destroy();
}

/* ---------- shared checks ---------- */

// `qiao audit seal` then `qiao audit verify` must exit 0.
export function checkAudit(s) {
  const seal = qiao(['audit', 'seal'], { allowFail: true });
  const verify = qiao(['audit', 'verify'], { allowFail: true });
  s.check('qiao audit seal exits 0', seal.code === 0, seal.stderr || seal.stdout);
  s.check('qiao audit verify exits 0 after the seal', verify.code === 0, (verify.stdout || verify.stderr).split('\n')[0]);
  return verify;
}

// student_tally (kept by triggers) must equal what the students table says.
export function checkTally(s) {
  const diff = sql(`SELECT COUNT(*) FROM (
      SELECT graduation_year y, major_id m, status st, destination_code d, n FROM student_tally WHERE n <> 0
      UNION ALL
      SELECT graduation_year, major_id, status, IFNULL(destination_code, ''), -COUNT(*) FROM students
      GROUP BY graduation_year, major_id, status, IFNULL(destination_code, '')
    ) x GROUP BY y, m, st, d HAVING SUM(n) <> 0`).length;
  s.check('student_tally agrees with the students table', diff === 0, `${diff} groups differ`);
}

// Number of lines in the stack's log files matching `re` (after `fromBytes` of each file).
export function logLines(file, re) {
  const p = path.join(VAR, 'log', file);
  if (!existsSync(p)) return [];
  return readFileSync(p, 'utf8').split('\n').filter((l) => re.test(l));
}

/* ---------- mixed traffic and the check that no write was half-applied ---------- */

/**
 * `n` majors made through the API with `perMajor` students each (one CSV import per major):
 * returns {majors, students: [[ids of major 0], …]}. Giving each lane of mixedTraffic its own
 * major keeps concurrent writes out of each other's student_tally rows.
 */
export async function majorsWithStudents(token, n, perMajor) {
  const majors = [];
  const students = [];
  for (let i = 0; i < n; i++) {
    const major = await createMajor(token);
    const r = await importCsv(token, studentsCsv(major, perMajor).text);
    if (r.status !== 200 || r.body.data.imported !== perMajor) throw new Error(`import: ${r.status} ${r.text.slice(0, 300)}`);
    majors.push(major);
    students.push(studentIds(major.id));
  }
  return { majors, students };
}

/** The answer to a retry whose first request committed but whose answer a kill lost (409). */
export const appliedAnswerLost = (r) => r.status === 409 && r.body?.error?.field === 'Idempotency-Key'
  && /already applied/.test(r.body.error.message);

/**
 * Mixed traffic for runLoad: 40 % GET /jobs (public), 30 % GET /students?major_id= (signed in),
 * 30 % PUT /students/{id}/employment alternating destinations 10 and 80 with a unique mark.
 * laneStudents: lists of student ids (one per major); lane l writes list l % length (shared
 * between lanes, a list is split so that each student is written by one lane only, in order). Returns {next, writes}:
 * writes is a Map student id -> [{mark, code, ok, status}] in the order sent.
 */
export function mixedTraffic({ token, lanes, laneStudents, readMajorIds, markPrefix = 'chaos', retries = 0 }) {
  const byLane = splitLanes(lanes, laneStudents);
  const writes = new Map(byLane.flat().map((id) => [id, []]));
  const cursor = new Array(lanes).fill(0);
  let seq = 0;
  function next(lane, i) {
    const r = i % 10;
    if (r < 4) {
      const q = i % 3 === 0 ? `?page=${1 + (i % 5)}` : i % 3 === 1 ? '?city=%E5%8D%97%E4%BA%AC' : '';
      return { op: 'GET /jobs', method: 'GET', path: `/jobs${q}`, opts: {} };
    }
    if (r < 7 || !byLane[lane].length) {
      const m = readMajorIds[i % readMajorIds.length];
      return { op: 'GET /students', method: 'GET', path: `/students?major_id=${m}&page=${1 + (i % 3)}`, opts: { token } };
    }
    const mine = byLane[lane];
    const id = mine[cursor[lane]++ % mine.length];
    const list = writes.get(id);
    const code = list.length % 2 ? '80' : '10';
    const w = { mark: `${markPrefix}#${++seq}`, code, ok: null, status: null, attempts: 0, replayed: false };
    list.push(w);
    return {
      op: 'PUT employment', method: 'PUT', path: `/students/${id}/employment`,
      // The mark names the write: its Idempotency-Key (retried, it is applied once at most).
      opts: { token, json: employmentBody(code, w.mark), headers: { 'Idempotency-Key': `${markPrefix}.${seq}.${RUN_KEY}` } },
      retries,
      // Sent again while the answer may come: no answer, 503, or the key still held by the
      // request a kill cut (its connection's lock goes with it). Not after "already applied".
      retryable: (res) => res.status === 0 || res.status === 503 || (res.status === 409 && !appliedAnswerLost(res)),
      onDone: (res, attempts = 1) => {
        w.ok = ok(res);
        w.status = res.status;
        w.attempts = attempts;
        w.replayed = res.headers?.['idempotent-replayed'] === 'true';
        w.appliedAnswerLost = appliedAnswerLost(res);
      },
    };
  }
  return { next, writes };
}

/**
 * Checks, for every student written (writes from mixedTraffic), against the database: every
 * acknowledged write is in employment_history; every history row comes from a request sent, in
 * order, with the fields of its destination; employment (current) is the newest history row;
 * students.destination_code agrees; one audit entry per history row. Sets figures
 * writes_acknowledged, writes_failed, failed_writes ({"<status> committed|not stored": n}).
 */
export function checkWrites(s, writes) {
  const written = [...writes.keys()].filter((id) => writes.get(id).length);
  if (!written.length) return s.check('some writes were made', false);
  const idList = written.join(',');
  const hist = new Map();
  for (const [sid, hid, code, title, school] of sql(`SELECT student_id, id, destination_code, job_title, school
      FROM employment_history WHERE student_id IN (${idList}) AND state = 'approved' ORDER BY student_id, id`)) {
    if (!hist.has(Number(sid))) hist.set(Number(sid), []);
    hist.get(Number(sid)).push({ id: Number(hid), code, mark: code === '10' ? title : school, title, school });
  }
  const emp = new Map(sql(`SELECT e.student_id, e.history_id, e.destination_code, e.employer_name, e.job_title, e.school,
      IFNULL(s.destination_code, '-') FROM employment e JOIN students s ON s.id = e.student_id WHERE e.student_id IN (${idList})`)
    .map((r) => [Number(r[0]), { historyId: Number(r[1]), code: r[2], employer: r[3], title: r[4], school: r[5], studentCode: r[6] }]));
  const audits = new Map(sql(`SELECT target_id, COUNT(*) FROM audit_log WHERE action = 'employment.update'
      AND target_type = 'student' AND target_id IN (${idList}) GROUP BY target_id`).map((r) => [Number(r[0]), Number(r[1])]));

  const p = { lost: [], foreign: [], fields: [], current: [], student: [], audit: [] };
  let acked = 0;
  let failed = 0;
  const fate = {};
  for (const id of written) {
    const sent = writes.get(id);
    const h = hist.get(id) || [];
    const stored = new Set(h.map((x) => x.mark));
    const index = new Map(sent.map((w, i) => [w.mark, i]));
    for (const w of sent) {
      if (w.ok) acked++;
      else if (w.ok === false) {
        failed++;
        tally(fate, `${w.status} ${stored.has(w.mark) ? 'committed' : 'not stored'}`);
      }
      if ((w.ok || w.appliedAnswerLost) && !stored.has(w.mark)) p.lost.push(`${id}:${w.mark}`);
    }
    let last = -1;
    for (const x of h) {
      const i = index.get(x.mark);
      if (i === undefined || i <= last) p.foreign.push(`${id}: history ${x.id} mark ${x.mark}`);
      else if (sent[i].code !== x.code) p.fields.push(`${id}:${x.mark} stored ${x.code}, sent ${sent[i].code}`);
      if (i !== undefined) last = i;
      if ((x.code === '10' && (x.school !== null || x.title === null)) || (x.code === '80' && (x.title !== null || x.school === null))) {
        p.fields.push(`${id}: history ${x.id} code ${x.code} job_title ${x.title} school ${x.school}`);
      }
    }
    const e = emp.get(id);
    const newest = h[h.length - 1];
    if (!newest) {
      if (e && e.code !== null) p.current.push(`${id}: no history, employment says ${e.code}`);
    } else if (!e || e.historyId !== newest.id || e.code !== newest.code
      || (newest.code === '10' ? e.title !== newest.title || e.school !== null || e.employer === null
        : e.school !== newest.school || e.title !== null || e.employer !== null)) {
      p.current.push(`${id}: employment ${JSON.stringify(e)} vs newest history ${JSON.stringify(newest)}`);
    }
    if (e && (e.code ?? '-') !== e.studentCode) p.student.push(`${id}: employment ${e.code}, students ${e.studentCode}`);
    if ((audits.get(id) || 0) !== h.length) p.audit.push(`${id}: ${h.length} history rows, ${audits.get(id) || 0} audit entries`);
  }
  const all = written.flatMap((id) => writes.get(id));
  s.figure('students_written', written.length);
  s.figure('writes_retried', all.filter((w) => w.attempts > 1).length);
  s.figure('retries_answered_from_the_first_commit', all.filter((w) => w.replayed).length);
  s.figure('retries_told_applied_answer_lost', all.filter((w) => w.appliedAnswerLost).length);
  s.figure('writes_acknowledged', acked);
  s.figure('writes_failed', failed);
  s.figure('failed_writes', fate);
  const show = (a) => `${a.length}${a.length ? `: ${a.slice(0, 5).join('; ')}` : ''}`;
  s.check('every acknowledged write (or one a retry was told was applied) is in employment_history', p.lost.length === 0, show(p.lost));
  s.check('every history row comes from a request sent, in the order sent', p.foreign.length === 0, show(p.foreign));
  s.check('history rows hold the fields of their destination', p.fields.length === 0, show(p.fields));
  s.check('employment (current) is the newest history row, field by field', p.current.length === 0, show(p.current));
  s.check('students.destination_code equals employment.destination_code', p.student.length === 0, show(p.student));
  s.check('one employment.update audit entry per history row', p.audit.length === 0, show(p.audit));
  return true;
}

// The newest InnoDB deadlock report, if any (SHOW ENGINE INNODB STATUS), for the record.
export function lastDeadlock() {
  const status = (sql('SHOW ENGINE INNODB STATUS')[0]?.[2] ?? '').replace(/\\n/g, '\n');
  const m = status.match(/LATEST DETECTED DEADLOCK[\s\S]*?(?=\n-+\nTRANSACTIONS)/);
  return m ? m[0] : null;
}

/* ---------- the same traffic driven by wrk (tests/chaos/traffic.lua) ---------- */

// The students each of `lanes` lanes writes: lists (one per major) shared out so that every
// student is written by one lane only (as mixedTraffic does).
export function splitLanes(lanes, laneStudents) {
  return Array.from({ length: lanes }, (_, l) => laneStudents[l % laneStudents.length]
    .filter((_, i) => Math.floor(l / laneStudents.length) === i % Math.ceil(lanes / laneStudents.length)));
}

/**
 * Runs wrk with tests/chaos/traffic.lua for `seconds`: `lanes` threads of one connection each.
 * mode 'mixed' is mixedTraffic's mix (reads of `reads` majors; writes of laneStudents, split by
 * splitLanes; a failed write sent again up to `retries` times with its Idempotency-Key);
 * 'flip' writes lane l's student laneStudents[l][0] between 10 and 80 (no key, no retry).
 * Every count comes from the script's done() record (traffic.lua says what it holds). Returns
 * {total, failed, kinds, byOp, latency: {min, mean, p50, p99, max} in ms, perSecond: {s: n},
 * silentSeconds, writes (Map student id -> [{mark, code, ok, status, attempts, replayed,
 * appliedAnswerLost, last}] in the order sent, as mixedTraffic's; ok null for a write still
 * being sent or retried when the run ended), wrk: wrk's own counts, stdout}.
 */
export async function wrkTraffic({ mode = 'mixed', lanes, seconds, token, reads = [], laneStudents = [], retries = 0, markPrefix = 'chaos' }) {
  const conf = path.join(VAR, `wrk-${mode}.conf`); // holds the token: stays with the stack
  mkdirSync(RESULTS, { recursive: true });
  const out = path.join(RESULTS, `wrk-${mode}.tsv`); // every answer counted, every write's fate
  const byLane = mode === 'flip' ? laneStudents : splitLanes(lanes, laneStudents);
  const t0 = Date.now();
  const lines = [`mode=${mode}`, `base=/api/v1`, `token=${token}`, `t0=${t0}`, `prefix=${markPrefix}`, `runkey=${RUN_KEY}`,
    `retries=${retries}`, `reads=${reads.join(',')}`, ...byLane.map((ids, l) => `lane.${l}=${ids.join(',')}`)];
  writeFileSync(conf, `${lines.join('\n')}\n`, { mode: 0o600 });
  const script = path.join(REPO, 'tests/chaos/traffic.lua');
  // --timeout beyond nginx's fastcgi_read_timeout (60 s): what nginx answers is what is counted.
  const args = ['-t', String(lanes), '-c', String(lanes), '-d', `${seconds}s`, '--timeout', '70s', '-s', script, `http://127.0.0.1:${PORT}`];
  const stdout = await new Promise((resolve, reject) => {
    const child = spawn('wrk', args, { env: { ...process.env, CHAOS_WRK_CONFIG: conf, CHAOS_WRK_OUT: out }, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    let err = '';
    child.stdout.on('data', (c) => { text += c; });
    child.stderr.on('data', (c) => { err += c; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited ${code}: ${err.trim()} ${text.trim()}`))));
  });
  const rec = { total: 0, failed: 0, kinds: {}, byOp: {}, perSecond: {}, writes: new Map(), stdout, t0 };
  for (const line of readFileSync(out, 'utf8').split('\n')) {
    const f = line.split('\t');
    if (f[0] === 'summary') {
      const [duration, requests, bytes, connect, read, write, status, timeout] = f.slice(1).map(Number);
      rec.wrk = { duration_s: round(duration / 1e6, 1), requests, bytes, errors: { connect, read, write, status, timeout } };
    } else if (f[0] === 'latency') {
      const [min, mean, p50, p99, max] = f.slice(1).map((x) => round(Number(x) / 1000, 1));
      rec.latency = { min, mean, p50, p99, max };
    } else if (f[0] === 'count') {
      const [, op, k, n] = f;
      const good = /^2\d\d$/.test(k);
      rec.total += Number(n);
      if (!good) rec.failed += Number(n);
      tally(rec.kinds, k, Number(n));
      const o = (rec.byOp[op] ??= { n: 0, failed: 0, kinds: {} });
      o.n += Number(n);
      if (!good) o.failed += Number(n);
      tally(o.kinds, k, Number(n));
    } else if (f[0] === 'second') {
      tally(rec.perSecond, f[1], Number(f[2]));
    } else if (f[0] === 'write') {
      const [, , sid, mark, code, final, attempts, replayed, lost, last] = f;
      const id = Number(sid);
      if (!rec.writes.has(id)) rec.writes.set(id, []);
      const status = final === '-' ? null : Number(final);
      rec.writes.get(id).push({
        mark, code, status, ok: status === null ? null : status >= 200 && status < 300, attempts: Number(attempts),
        replayed: replayed === '1', appliedAnswerLost: lost === '1', last: last === '-' ? null : Number(last),
      });
    }
  }
  if (!rec.wrk) throw new Error(`wrk wrote no summary to ${out}: ${stdout.trim()}`);
  rec.silentSeconds = 0;
  for (let sec = 0; sec < Math.floor(seconds); sec++) if (!rec.perSecond[sec]) rec.silentSeconds++;
  // Students the lanes were given but never wrote still count as written by nobody.
  for (const id of byLane.flat()) if (mode !== 'flip' && !rec.writes.has(id)) rec.writes.set(id, []);
  return rec;
}

// Seconds during which no request of `rec` (runLoad) completed, between t0 and t0 + seconds.
export function silentSeconds(rec, t0, seconds) {
  const done = new Set(rec.timeline.map((x) => Math.floor((x.end - t0) / 1000)));
  let n = 0;
  for (let sec = 0; sec < Math.floor(seconds); sec++) if (!done.has(sec)) n++;
  return n;
}
