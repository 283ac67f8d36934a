// tests/api/lib.mjs: shared helpers of the black-box API suite (HTTP wrapper, envelope
// assertions, accounts through the CLI, JWT forging, unique names). No npm dependencies.
//
// Environment (given by the harness):
//   QIAO_BASE_URL  nginx in front of the stack, e.g. http://127.0.0.1:18080 (API under /api/v1)
//   QIAO_CLI       absolute path of build/bin/qiao
//   QIAO_ENV_FILE  the stack's env file (KEY=VALUE lines, among them QIAO_JWT_SECRET)
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

// [method, path] of every ROUTE(…) line of backend/src/routes.c (paths without /api/v1): the
// suites that must cover every route read the table itself, so a new route without a test fails.
export function routeTable() {
  const src = readFileSync(path.resolve(here, '../../backend/src/routes.c'), 'utf8');
  const found = [...src.matchAll(/ROUTE\(\s*"([A-Z]+)"\s*,\s*"([^"]+)"/g)].map((m) => [m[1], m[2]]);
  assert.ok(found.length > 20, `only ${found.length} routes read from backend/src/routes.c`);
  return found;
}

export const BASE_URL = (process.env.QIAO_BASE_URL || 'http://127.0.0.1:18080').replace(/\/+$/, '');
export const API = `${BASE_URL}/api/v1`;
export const CLI = process.env.QIAO_CLI || path.resolve(here, '../../build/bin/qiao');
export const TIMEOUT_MS = 10_000;

export const LEVELS = ['专科生', '本科生', '硕士研究生', '博士研究生'];
export const PERMISSION_ITEMS = [
  'accounts.manage', 'students.view', 'students.edit', 'students.import', 'students.export',
  'students.sensitive', 'students.review', 'employers.review', 'jobs.review', 'stats.view',
  'majors.manage', 'events.manage', 'fairs.manage', 'employers.relations', 'codes.manage',
];
export const JWT_TTL_SECONDS = 8 * 3600;

// ISO 8601 date-time with an offset (Z counts as the +00:00 offset).
export const ISO_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const CODE_FOR_STATUS = {
  400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found',
  405: 'method_not_allowed', 409: 'conflict', 413: 'payload_too_large', 422: 'validation',
  429: 'rate_limited', 500: 'internal', 503: 'unavailable',
};

/* ---------- unique names and passwords ---------- */

// One tag per process, so names of one run share it and two runs never collide.
export const RUN = Date.now().toString(36) + randomBytes(2).toString('hex');
let seq = 0;

// A fresh name: lower-case letters, digits and underscores only (safe as a username).
export function uniq(prefix = 't') {
  seq += 1;
  return `${prefix}_${RUN}${seq.toString(36)}${randomBytes(1).toString('hex')}`;
}

// A password that satisfies the policy (four classes, 16 characters, random).
export function password() {
  return `Qz9!${randomBytes(6).toString('hex')}`;
}

export const sameId = (a, b) => a !== undefined && a !== null && String(a) === String(b);

// Memoise an async factory: the first call runs it, later calls share its promise.
export function lazy(fn) {
  let p;
  return () => (p ??= fn());
}

/* ---------- HTTP ---------- */

/**
 * request(method, path, {token, auth, json, body, headers, query})
 *   token: a JWT sent as "Authorization: Bearer <token>"; auth: a raw Authorization value
 *   json: a value sent as JSON; body: a raw string/Buffer (content-type application/json
 *   unless headers say otherwise); query: an object appended as the query string.
 * Returns {status, body (parsed JSON or null), text, headers (a Headers object)}.
 */
export async function request(method, urlPath, opts = {}) {
  const { token, auth, json, body, headers = {}, query } = opts;
  const h = { accept: 'application/json' };
  for (const [k, v] of Object.entries(headers)) h[k.toLowerCase()] = v;
  let payload = body;
  if (json !== undefined) payload = JSON.stringify(json);
  if (payload !== undefined && h['content-type'] === undefined) h['content-type'] = 'application/json';
  if (token !== undefined && token !== null) h.authorization = `Bearer ${token}`;
  if (auth !== undefined) h.authorization = auth;

  let url = /^https?:/.test(urlPath) ? urlPath : API + urlPath;
  if (query) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) qs.append(k, String(v));
    const s = qs.toString();
    if (s) url += (url.includes('?') ? '&' : '?') + s;
  }

  const signal = AbortSignal.timeout(TIMEOUT_MS);
  let res;
  let text;
  try {
    res = await fetch(url, { method, headers: h, body: payload, redirect: 'manual', signal });
    text = await res.text();
  } catch (e) {
    const why = e.cause?.code || e.cause?.message || e.name || e.message;
    throw new Error(`${method} ${url} failed: ${why} (is the stack running at ${BASE_URL}?)`);
  }
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  return { status: res.status, body: parsed, text, headers: res.headers, method, url };
}

export const get = (p, o) => request('GET', p, o);
export const post = (p, o) => request('POST', p, o);
export const put = (p, o) => request('PUT', p, o);

// A short description of a response for assertion messages.
export function show(res) {
  return `${res.method} ${res.url} -> ${res.status} ${String(res.text).slice(0, 400)}`;
}

/* ---------- envelope assertions ---------- */

// Asserts a success envelope with the given status; returns `data`.
export function expectData(res, status = 200) {
  assert.equal(res.status, status, `expected HTTP ${status}: ${show(res)}`);
  assert.ok(res.body !== null && typeof res.body === 'object' && !Array.isArray(res.body),
    `body is not a JSON object: ${show(res)}`);
  assert.ok(Object.hasOwn(res.body, 'data'), `no "data" in body: ${show(res)}`);
  assert.equal(res.body.error, undefined, `success body carries "error": ${show(res)}`);
  return res.body.data;
}

// Asserts a list envelope (data array + meta); returns {data, meta}.
export function expectList(res, status = 200) {
  const data = expectData(res, status);
  assert.ok(Array.isArray(data), `"data" is not an array: ${show(res)}`);
  const meta = res.body.meta;
  assert.ok(meta && typeof meta === 'object', `no "meta" in list body: ${show(res)}`);
  for (const k of ['page', 'per_page', 'total']) {
    assert.ok(Number.isInteger(meta[k]), `meta.${k} is not an integer: ${show(res)}`);
  }
  assert.ok(meta.page >= 1, `meta.page < 1: ${show(res)}`);
  assert.ok(meta.per_page >= 1 && meta.per_page <= 200, `meta.per_page out of 1..200: ${show(res)}`);
  assert.ok(meta.total >= 0, `meta.total < 0: ${show(res)}`);
  assert.ok(data.length <= meta.per_page, `more rows than per_page: ${show(res)}`);
  return { data, meta };
}

/**
 * Asserts an error envelope: the status, the code that belongs to it, a non-empty message,
 * and for 422 a `field` (equal to `field` when given). For other statuses `field` is checked
 * only when given. Returns the error object.
 */
export function expectError(res, status, field) {
  assert.equal(res.status, status, `expected HTTP ${status}: ${show(res)}`);
  assert.ok(res.body !== null && typeof res.body === 'object', `body is not JSON: ${show(res)}`);
  const err = res.body.error;
  assert.ok(err && typeof err === 'object', `no "error" object: ${show(res)}`);
  assert.equal(err.code, CODE_FOR_STATUS[status], `error.code: ${show(res)}`);
  assert.equal(typeof err.message, 'string', `error.message is not a string: ${show(res)}`);
  assert.ok(err.message.length > 0, `error.message is empty: ${show(res)}`);
  assert.equal(res.body.data, undefined, `error body carries "data": ${show(res)}`);
  if (status === 422) {
    assert.equal(typeof err.field, 'string', `422 without "field": ${show(res)}`);
    assert.ok(err.field.length > 0, `422 with empty "field": ${show(res)}`);
  }
  if (field !== undefined) assert.equal(err.field, field, `error.field: ${show(res)}`);
  return err;
}

// Asserts the headers every response carries: JSON content type and a request id.
export function expectJsonHeaders(res) {
  const ct = res.headers.get('content-type');
  assert.ok(ct && /^application\/json;\s*charset=utf-8$/i.test(ct),
    `Content-Type is ${JSON.stringify(ct)}: ${show(res)}`);
  const rid = res.headers.get('x-request-id');
  assert.ok(rid && rid.trim().length > 0, `no X-Request-Id: ${show(res)}`);
  assert.ok(res.body !== null, `body is not JSON: ${show(res)}`);
}

// Parses an Allow header into upper-case method names.
export function allowed(res) {
  const allow = res.headers.get('allow');
  assert.ok(allow, `no Allow header: ${show(res)}`);
  return allow.split(',').map((m) => m.trim().toUpperCase()).filter(Boolean);
}

export const sorted = (a) => [...a].sort();
export const sortedIds = (a) => [...a].map(Number).sort((x, y) => x - y);

/* ---------- the stack's env file and JWTs ---------- */

export function envFileValue(key) {
  const file = process.env.QIAO_ENV_FILE;
  if (!file) throw new Error('QIAO_ENV_FILE is not set');
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const m = line.match(/^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/);
    if (!m || m[1] !== key) continue;
    let v = m[2];
    if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.at(-1) === v[0]) v = v.slice(1, -1);
    return v;
  }
  throw new Error(`${key} is not in ${file}`);
}

export const jwtSecret = () => envFileValue('QIAO_JWT_SECRET');

// The mariadb client as the database's root over the stack's socket (test stacks use the default
// database name), for checks of what is stored that no route shows.
const rootClient = (statements) => ['--no-defaults', '-uroot', `--socket=${envFileValue('QIAO_VAR_DIR')}/mysqld.sock`, 'qiao', '-N', '-e', statements];

// Runs SQL as root; returns the output (tab-separated, trimmed).
export function rootSql(statements) {
  return execFileSync('mariadb', rootClient(statements), { encoding: 'utf8' }).trim();
}

// Runs one Redis command on the stack's socket (for checks that need a counter set or read).
export function redisCommand(...args) {
  return execFileSync('redis-cli', ['-s', `${envFileValue('QIAO_VAR_DIR')}/redis.sock`, ...args.map(String)], { encoding: 'utf8' }).trim();
}

// The same, expecting the database to refuse; returns its message.
export function rootSqlRefused(statements) {
  const r = spawnSync('mariadb', rootClient(statements), { encoding: 'utf8' });
  assert.notEqual(r.status, 0, `the database accepted: ${statements}`);
  return r.stderr;
}

const HMAC_FOR = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

export const b64urlJson = (obj) => Buffer.from(JSON.stringify(obj), 'utf8').toString('base64url');

export function hmacSign(alg, secret, signingInput) {
  return createHmac(HMAC_FOR[alg], secret).update(signingInput).digest('base64url');
}

// Splits a compact JWT; header and payload are parsed JSON.
export function decodeJwt(token) {
  const parts = token.split('.');
  assert.equal(parts.length, 3, `not a compact JWT: ${token}`);
  const [h, p, s] = parts;
  return {
    header: JSON.parse(Buffer.from(h, 'base64url').toString('utf8')),
    payload: JSON.parse(Buffer.from(p, 'base64url').toString('utf8')),
    signature: s,
    signingInput: `${h}.${p}`,
  };
}

// A JWT with the given header and payload, signed with HMAC `alg` (defaults to header.alg).
export function signJwt(header, payload, secret, alg = header.alg) {
  const input = `${b64urlJson(header)}.${b64urlJson(payload)}`;
  return `${input}.${hmacSign(alg, secret, input)}`;
}

/* ---------- accounts ---------- */

const ROLE_ZH = {
  student: '测试学生', employer: '测试企业', counselor: '测试咨询师', advisor: '测试辅导员',
  admin: '测试管理员', superadmin: '测试超管',
};

// The employer an employer account is made for (`--employer-id`): QIAO_TEST_EMPLOYER_ID, else 1,
// the first employer of a fresh database (tests/api/fixtures.sql seeds an approved one).
export const EMPLOYER_ID = process.env.QIAO_TEST_EMPLOYER_ID || '1';

// Runs `qiao account create` with the password on standard input. Returns its stdout.
export function cliCreateAccount({ role, username, name, password: pw }) {
  if (!process.env.QIAO_ENV_FILE) throw new Error('QIAO_ENV_FILE is not set');
  const args = ['account', 'create', '--role', role, '--username', username, '--name', name];
  if (role === 'employer') args.push('--employer-id', EMPLOYER_ID);
  try {
    return execFileSync(CLI, args, {
      input: `${pw}\n`,
      env: { ...process.env },
      timeout: 30_000,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (e) {
    throw new Error(`${CLI} ${args.join(' ')} failed ` +
      `(${e.status ?? e.code}): ${(e.stderr || e.message || '').toString().trim()}`);
  }
}

// POST /auth/login and assert success. Returns {token, user, expires_at, res}.
export async function login(username, pw) {
  const res = await post('/auth/login', { json: { username, password: pw } });
  const data = expectData(res, 200);
  assert.equal(typeof data.token, 'string', `no token: ${show(res)}`);
  assert.ok(data.user && typeof data.user === 'object', `no user: ${show(res)}`);
  return { token: data.token, user: data.user, expires_at: data.expires_at, res };
}

/**
 * Makes an account through the CLI and signs it in.
 * Returns {id, username, password, name, role, token}.
 */
export async function cliAccount(role, opts = {}) {
  const username = opts.username ?? uniq(role.slice(0, 3));
  const pw = opts.password ?? password();
  const name = opts.name ?? `${ROLE_ZH[role] ?? role} ${RUN}`;
  cliCreateAccount({ role, username, name, password: pw });
  const { token, user } = await login(username, pw);
  return { id: user.id, username, password: pw, name, role, token };
}

/**
 * Makes an account through POST /admin/accounts (as `token`) and asserts 201.
 * Returns {account, username, password, name}; with {login: true} also {id, token}.
 */
export async function apiAccount(token, fields = {}, opts = {}) {
  const body = {
    username: uniq('api'),
    password: password(),
    name: `接口账号 ${RUN}`,
    role: 'counselor',
    permissions: [],
    major_ids: [],
    ...fields,
  };
  const res = await post('/admin/accounts', { token, json: body });
  const account = expectData(res, 201);
  const out = { account, username: body.username, password: body.password, name: body.name, role: body.role, res };
  if (opts.login) {
    const l = await login(body.username, body.password);
    out.token = l.token;
    out.id = l.user.id;
  }
  return out;
}

/* ---------- majors ---------- */

// A major body with unique code, name and college; fields override.
export function majorBody(fields = {}) {
  const tag = uniq('m');
  return {
    code: `C${tag.slice(2)}`.slice(0, 30),
    name: `测试专业${tag}`,
    college: `测试学院${tag}`,
    campus: '本部',
    level: '本科生',
    years: 4,
    ...fields,
  };
}

// POST /majors (as `token`) and assert 201. Returns the major.
export async function createMajor(token, fields = {}) {
  const res = await post('/majors', { token, json: majorBody(fields) });
  return expectData(res, 201);
}

/* ---------- audit ---------- */

/**
 * Asserts that each write a suite recorded is in the audit log: `audited` holds {label, res (the
 * answer, for its request id), actor, action (a RegExp), target?}; `labels` are the kinds of write
 * earlier tests must have made. Read as the superadmin `token`.
 */
export async function expectAudited(token, audited, labels) {
  const made = audited.map((w) => w.label);
  for (const l of labels) assert.ok(made.includes(l), `the write "${l}" was not made by an earlier test (did it fail?)`);
  const missing = [];
  for (const w of audited) {
    const rid = w.res.headers.get('x-request-id');
    const entry = await findAudit(token, { actor_id: w.actor }, (x) => x.request_id === rid);
    if (!entry) { missing.push(`${w.label} (${w.res.method} ${w.res.url}, request ${rid})`); continue; }
    assert.ok(sameId(entry.actor_id, w.actor), `${w.label}: actor ${entry.actor_id}`);
    assert.match(entry.action, w.action, `${w.label}: action ${entry.action}`);
    if (w.target !== undefined) assert.ok(sameId(entry.target_id, w.target), `${w.label}: target ${entry.target_id}, expected ${w.target}`);
    assert.match(entry.at, ISO_OFFSET);
  }
  assert.deepEqual(missing, [], 'writes without an audit entry');
}

// Pages through GET /admin/audit with `query` until `pred` matches an entry; returns it or undefined.
export async function findAudit(token, query, pred, maxPages = 50) {
  for (let page = 1; page <= maxPages; page++) {
    const { data, meta } = expectList(await get('/admin/audit', { token, query: { ...query, page, per_page: 200 } }));
    const hit = data.find(pred);
    if (hit) return hit;
    if (data.length === 0 || page * meta.per_page >= meta.total) break;
  }
  return undefined;
}
