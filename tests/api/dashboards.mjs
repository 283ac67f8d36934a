// tests/api/dashboards.mjs: helpers of the dashboards suite (GET /stats/employers, the employer
// portrait, and GET /stats/destinations, the graduate destinations): the calls, the rows checked
// for shape, and the employer portrait worked out in the test from the employer list's own rows.
// No npm dependencies.
import assert from 'node:assert/strict';
import { expectData, get, show } from './lib.mjs';

export const EMPLOYER_ROW_KEYS = ['key', 'label', 'count', 'avg_index'];
export const DESTINATION_ROW_KEYS = ['key', 'label', 'count'];

// The dimensions of the employer portrait and the employer list filter each one's key is for
// (kind has none: it counts interactions, not a field of the employer).
export const EMPLOYER_DIMS = ['industry', 'cooperation_level', 'size', 'unit_nature', 'province', 'kind'];
export const LIST_FILTER = {
  industry: 'industry', cooperation_level: 'cooperation_level', size: 'size', unit_nature: 'unit_nature', province: 'region',
};
export const DESTINATION_DIMS = ['category', 'destination', 'unit_nature', 'industry', 'province', 'school', 'school_tier'];

export const employerStatsAs = (token, query = {}) => get('/stats/employers', { token, query });
export const destinationsAs = (token, query = {}) => get('/stats/destinations', { token, query });

// The rows of a statistics answer (200), each with exactly `keys`, a positive integer count, a
// string label, most first unless `ordered` is false.
export function statRows(res, keys, { ordered = true } = {}) {
  const data = expectData(res);
  assert.ok(Array.isArray(data), `data is not an array: ${show(res)}`);
  for (const r of data) {
    assert.deepEqual(Object.keys(r).sort(), [...keys].sort(), `row keys: ${JSON.stringify(r)} in ${show(res)}`);
    assert.ok(Number.isInteger(r.count) && r.count > 0, `count is not a positive integer: ${JSON.stringify(r)}`);
    assert.equal(typeof r.label, 'string', `label: ${JSON.stringify(r)}`);
    assert.ok(r.label.length > 0, `empty label: ${JSON.stringify(r)}`);
  }
  if (ordered) {
    for (let i = 1; i < data.length; i++) {
      assert.ok(data[i - 1].count >= data[i].count, `rows are not most first: ${show(res)}`);
    }
  }
  const keysSeen = data.map((r) => r.key);
  assert.equal(new Set(keysSeen).size, keysSeen.length, `a key twice: ${show(res)}`);
  return data;
}

// {key: count} of rows.
export const countsOf = (rows) => Object.fromEntries(rows.map((r) => [r.key ?? 'null', r.count]));
// {key: label} of rows.
export const labelsOf = (rows) => Object.fromEntries(rows.map((r) => [r.key ?? 'null', r.label]));
// The sum of the rows' counts.
export const totalOf = (rows) => rows.reduce((n, r) => n + r.count, 0);

/* ---------- the employer portrait worked out from the employer list ---------- */

// An employer list row's key in a dimension (the empty string when the field is empty).
export function employerKey(dim, e) {
  switch (dim) {
    case 'industry': return e.industry_code ?? '';
    case 'cooperation_level': return e.cooperation_level ?? '';
    case 'size': return e.size ?? '';
    case 'unit_nature': return e.unit_nature_code ?? '';
    case 'province': return e.region_code ? `${e.region_code.slice(0, 2)}0000` : '';
    default: throw new Error(`no key of ${dim}`);
  }
}

// The seed index's average to one decimal, as SQL's ROUND(AVG(DECIMAL(4,1)), 1) gives it.
export function average(values) {
  const tenths = values.reduce((n, v) => n + Math.round(Number(v) * 10), 0);
  return Math.round((tenths / values.length) + 1e-9) / 10;
}

// {key: {count, avg_index}} expected of employer list rows `rows` in `dim`.
export function portraitOf(rows, dim) {
  const groups = new Map();
  for (const e of rows) {
    const k = employerKey(dim, e);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(e);
  }
  return Object.fromEntries([...groups].map(([k, es]) => [k, { count: es.length, avg_index: average(es.map((e) => e.index_seed)) }]));
}

// {key: {count, avg_index}} of portrait rows.
export const portraitRows = (rows) => Object.fromEntries(rows.map((r) => [r.key, { count: r.count, avg_index: Number(r.avg_index) }]));
