// tests/api/events.mjs: helpers of the career events suite (docs/events.md): times relative
// to now in China time, request bodies for venues, events and info sessions, students with
// accounts, approved employers. No npm dependencies.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  cliAccount, expectData, expectList, get, post, uniq,
} from './lib.mjs';
import { daysFromToday, importStudents, studentRow } from './records.mjs';
import { registered } from './recruitment.mjs';

/* ---------- times (China time, +08:00) ---------- */

const CST_MS = 8 * 3600_000;
const pad = (n) => String(n).padStart(2, '0');

// An instant (ms since the epoch) written as 2026-09-01T14:00:00+08:00.
export const cstIso = (ms) => `${new Date(ms + CST_MS).toISOString().slice(0, 19)}+08:00`;

// `days` from today (China date) at hh:mm, e.g. at(1, 14) is tomorrow 14:00 +08:00.
export const at = (days, hh, mm = 0) => `${daysFromToday(days)}T${pad(hh)}:${pad(mm)}:00+08:00`;

// The same without an offset (the contract reads it as China time).
export const atLocal = (days, hh, mm = 0) => `${daysFromToday(days)}T${pad(hh)}:${pad(mm)}:00`;

// `seconds` from now, rounded up to the whole second.
export const inSeconds = (seconds) => cstIso(Math.ceil((Date.now() + seconds * 1000) / 1000) * 1000);

// Whether two ISO 8601 times are the same instant.
export const sameInstant = (a, b) => typeof a === 'string' && typeof b === 'string' && Date.parse(a) === Date.parse(b);

export const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

// Waits until the instant `iso` has passed, plus `marginMs`.
export async function waitUntil(iso, marginMs = 1500) {
  const ms = Date.parse(iso) + marginMs - Date.now();
  if (ms > 0) await sleep(ms);
}

/* ---------- bodies ---------- */

// A fresh check-in pass-code (签到口令).
export const passCode = () => `QD${randomBytes(3).toString('hex').toUpperCase()}`;

// A venue body with a unique name; over replaces fields.
export function venueBody(over = {}) {
  return {
    name: `测试教室${uniq('v')}`, campus: '仙林校区', address: '教学楼A座101', capacity: 120,
    to_be_decided: false, ...over,
  };
}

// An office event body on day `days` from 14:00 to 16:00 (tomorrow by default); over replaces fields.
export function eventBody(over = {}, days = 1) {
  return {
    title: `就业讲座${uniq('e')}`, category: '就业讲座', description: '简历写作与面试技巧。',
    starts_at: at(days, 14), ends_at: at(days, 16), capacity: 50, require_signup: true,
    checkin_code: passCode(), ...over,
  };
}

// An info session body (an employer's application) on day `days` from 14:00 to 16:00.
export function sessionBody(venueId, over = {}, days = 2) {
  return {
    title: `校园宣讲会${uniq('s')}`, description: '公司介绍与校园招聘岗位说明。', venue_id: venueId,
    starts_at: at(days, 14), ends_at: at(days, 16), ...over,
  };
}

/* ---------- people ---------- */

/**
 * `n` students of `major` imported by `adminToken`, each with an activated account signed in:
 * [{s (the list row), token, id (the account id)}].
 */
export async function studentsWithAccounts(adminToken, major, n = 1) {
  const rows = await importStudents(adminToken, Array.from({ length: n }, () => studentRow(major)));
  const out = [];
  for (const s of rows) {
    const acc = await cliAccount('student', { username: s.student_no });
    out.push({ s, token: acc.token, id: acc.id });
  }
  return out;
}

// A registered employer approved by `adminToken`: {employer, token, body, hr (account id)}.
export async function approvedEmployer(adminToken) {
  const c = await registered();
  expectData(await post(`/admin/employers/${c.employer.id}/review`, { token: adminToken, json: { decision: 'approve' } }));
  const me = expectData(await get('/me', { token: c.token }));
  return { ...c, hr: me.id };
}

/* ---------- reads ---------- */

// GET /events as `token` with `query` (every page up to 200 rows): the rows.
export async function listEvents(token, query = {}) {
  return expectList(await get('/events', { token, query: { per_page: 200, ...query } })).data;
}

// The placeholder venues (to_be_decided) as GET /venues shows them to `token`.
export async function placeholders(token) {
  const { data } = expectList(await get('/venues', { token, query: { q: '待定', per_page: 200 } }));
  const found = data.filter((v) => v.to_be_decided === true || v.to_be_decided === 1);
  assert.ok(found.length >= 2, `the seeded placeholders 待定（100人） and 待定（300人） are not listed: ${JSON.stringify(data)}`);
  return found;
}
