// tests/api/employer-kind-filter.test.mjs: the filter by a kind of interaction (issue 7, the
// portrait's radar drilled down): GET /employers?interaction_kind=K keeps the employers with at
// least one live interaction of kind K (struck-out ones, staff's or derived, do not count), and
// GET /stats/employers takes the same filter, so every chart of the portrait narrows down with
// it. A kind not in the list → 422 naming interaction_kind; who may read is as without it.
//
// Other suites share the stack, so every list here is of employers of a size string unique to
// the run, made by this file.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  RUN, cliAccount, createMajor, expectData, expectError, expectList, get,
} from './lib.mjs';
import { advisorFor, staffWith } from './records.mjs';
import {
  KINDS, allRows, approvedFresh, correctAs, freshEmployer, logOf, record,
} from './interactions.mjs';
import { EMPLOYER_ROW_KEYS, countsOf, employerStatsAs, statRows } from './dashboards.mjs';

const SIZE = `类型${RUN}`;

let admin;
// Five employers of SIZE:
//   a  approved  registration, mentor
//   b  approved  registration, mentor (struck out and brought back by a test)
//   c  approved  registration, strategic
//   d  pending   nothing (no registration before the approval)
//   e  approved  registration, mentor twice
const co = {};
let bMentor; // b's mentor interaction

before(async () => {
  admin = await cliAccount('admin');
  for (const k of ['a', 'b', 'c', 'e']) co[k] = await approvedFresh(admin.token, { size: SIZE });
  co.d = await freshEmployer({ size: SIZE });
  await record(admin.token, co.a.employer.id, 'mentor');
  bMentor = await record(admin.token, co.b.employer.id, 'mentor');
  await record(admin.token, co.c.employer.id, 'strategic');
  await record(admin.token, co.e.employer.id, 'mentor');
  await record(admin.token, co.e.employer.id, 'mentor');
});

const id = (k) => Number(co[k].employer.id);
const idsOf = (...keys) => keys.map(id).sort((x, y) => x - y);
const ids = (rows) => rows.map((e) => Number(e.id)).sort((x, y) => x - y);

// The ids GET /employers lists for SIZE under `query` (every page), checked against meta.total.
async function listed(query = {}, token = admin.token) {
  const rows = await allRows(token, '/employers', { size: SIZE, ...query });
  const { meta } = expectList(await get('/employers', { token, query: { size: SIZE, per_page: 1, ...query } }));
  assert.equal(meta.total, rows.length, `meta.total under ${JSON.stringify(query)}`);
  return ids(rows);
}

const portrait = async (query, token = admin.token) => statRows(await employerStatsAs(token, { size: SIZE, ...query }), EMPLOYER_ROW_KEYS, { ordered: query.by !== 'kind' });

describe('GET /employers?interaction_kind', () => {
  test('lists exactly the employers with a live interaction of the kind, each once', async () => {
    assert.deepEqual(await listed(), idsOf('a', 'b', 'c', 'd', 'e'));
    assert.deepEqual(await listed({ interaction_kind: 'mentor' }), idsOf('a', 'b', 'e'), 'e has two and is listed once');
    assert.deepEqual(await listed({ interaction_kind: 'registration' }), idsOf('a', 'b', 'c', 'e'), 'd is not approved: no registration');
    assert.deepEqual(await listed({ interaction_kind: 'strategic' }), idsOf('c'));
    for (const kind of ['industry_education', 'job_post', 'daily_business']) {
      assert.deepEqual(await listed({ interaction_kind: kind }), [], kind);
    }
    assert.deepEqual(await listed({ interaction_kind: '' }), idsOf('a', 'b', 'c', 'd', 'e'), 'an empty value is no filter');
  });

  test('combines with the other filters, the ranking and either model', async () => {
    assert.deepEqual(await listed({ interaction_kind: 'mentor', status: 'approved' }), idsOf('a', 'b', 'e'));
    assert.deepEqual(await listed({ interaction_kind: 'registration', status: 'pending' }), []);
    assert.deepEqual(await listed({ interaction_kind: 'mentor', q: co.a.employer.name }), idsOf('a'));
    for (const model of ['seed', 'weighted']) {
      for (const order of ['desc', 'asc']) {
        assert.deepEqual(await listed({ interaction_kind: 'mentor', model, sort: 'interaction_index', order }), idsOf('a', 'b', 'e'), `${model} ${order}`);
        assert.deepEqual(await listed({ interaction_kind: 'strategic', model, order }), idsOf('c'), `${model} ${order} by date`);
      }
    }
    // seed scores: c 30 (registration 10, strategic 20), the others 20 (registration, mentor)
    assert.deepEqual(await listed({ interaction_kind: 'registration', index_min: 25 }), idsOf('c'));
    assert.deepEqual(await listed({ interaction_kind: 'registration', index_max: 25 }), idsOf('a', 'b', 'e'));
    assert.deepEqual(await listed({ interaction_kind: 'mentor', index_min: 25 }), []);
  });

  test('an employer whose only interaction of the kind is struck out drops out, and comes back with it', async () => {
    expectData(await correctAs(admin.token, bMentor.id, { removed: true }));
    try {
      assert.deepEqual(await listed({ interaction_kind: 'mentor' }), idsOf('a', 'e'));
      assert.deepEqual(await listed({ interaction_kind: 'registration' }), idsOf('a', 'b', 'c', 'e'), 'its other kinds still count');
    } finally {
      expectData(await correctAs(admin.token, bMentor.id, { removed: false }));
    }
    assert.deepEqual(await listed({ interaction_kind: 'mentor' }), idsOf('a', 'b', 'e'));
    // a derived interaction struck out counts no more either: c's registration
    const [reg] = await logOf(admin.token, co.c.employer.id, { kind: 'registration' });
    assert.equal(reg.source, 'registration');
    expectData(await correctAs(admin.token, reg.id, { removed: true }));
    try {
      assert.deepEqual(await listed({ interaction_kind: 'registration' }), idsOf('a', 'b', 'e'));
    } finally {
      expectData(await correctAs(admin.token, reg.id, { removed: false }));
    }
  });

  test('a kind not in the list → 422 naming interaction_kind', async () => {
    for (const kind of ['bogus', 'Mentor', 'mentor ', 'job', 'x'.repeat(21), "mentor' OR '1'='1"]) {
      expectError(await get('/employers', { token: admin.token, query: { interaction_kind: kind } }), 422, 'interaction_kind');
    }
  });

  test('who may read: staff (advisors, counselors) as without the filter; an employer or a student → 403; no token → 401', async () => {
    const adv = await advisorFor(admin.token, [(await createMajor(admin.token)).id]);
    assert.deepEqual(await listed({ interaction_kind: 'mentor' }, adv.token), idsOf('a', 'b', 'e'));
    const counselor = await staffWith(admin.token, 'counselor', []);
    assert.deepEqual(await listed({ interaction_kind: 'strategic' }, counselor.token), idsOf('c'));
    const student = await cliAccount('student', { username: `2093${Date.now().toString().slice(-8)}` });
    for (const token of [co.a.token, co.d.token, student.token]) {
      expectError(await get('/employers', { token, query: { interaction_kind: 'mentor' } }), 403);
    }
    expectError(await get('/employers', { query: { interaction_kind: 'mentor' } }), 401);
  });
});

describe('GET /stats/employers?interaction_kind', () => {
  test('every chart counts only the employers with a live interaction of the kind', async () => {
    assert.deepEqual(countsOf(await portrait({ by: 'size' })), { [SIZE]: 4 });
    assert.deepEqual(countsOf(await portrait({ by: 'size', interaction_kind: 'mentor' })), { [SIZE]: 3 });
    assert.deepEqual(countsOf(await portrait({ by: 'size', interaction_kind: 'strategic' })), { [SIZE]: 1 });
    assert.deepEqual(await portrait({ by: 'size', interaction_kind: 'industry_education' }), []);
    assert.deepEqual(countsOf(await portrait({ by: 'size', interaction_kind: 'registration', status: 'all' })), { [SIZE]: 4 }, 'd has none');
    // the radar itself: the mentors' other kinds
    assert.deepEqual(countsOf(await portrait({ by: 'kind', interaction_kind: 'mentor' })), { registration: 3, mentor: 3 });
    assert.deepEqual(countsOf(await portrait({ by: 'kind', interaction_kind: 'strategic' })), { registration: 1, strategic: 1 });
  });

  test('each count is what the employer list shows under the same filter, struck-out ones left out', async () => {
    const check = async () => {
      for (const kind of KINDS) {
        const rows = await portrait({ by: 'size', interaction_kind: kind });
        const count = rows.length ? rows[0].count : 0;
        assert.equal(count, (await listed({ interaction_kind: kind, status: 'approved' })).length, kind);
      }
    };
    await check();
    expectData(await correctAs(admin.token, bMentor.id, { removed: true }));
    try {
      assert.deepEqual(countsOf(await portrait({ by: 'size', interaction_kind: 'mentor' })), { [SIZE]: 2 });
      await check();
    } finally {
      expectData(await correctAs(admin.token, bMentor.id, { removed: false }));
    }
  });

  test('a kind not in the list → 422 naming interaction_kind', async () => {
    for (const kind of ['bogus', 'REGISTRATION', 'x'.repeat(21)]) {
      expectError(await employerStatsAs(admin.token, { by: 'industry', interaction_kind: kind }), 422, 'interaction_kind');
    }
  });

  test('who may read: as without the filter', async () => {
    const adv = await advisorFor(admin.token, [(await createMajor(admin.token)).id]);
    assert.deepEqual(countsOf(await portrait({ by: 'size', interaction_kind: 'mentor' }, adv.token)), { [SIZE]: 3 });
    const no = await staffWith(admin.token, 'counselor', ['students.view']);
    expectError(await employerStatsAs(no.token, { interaction_kind: 'mentor' }), 403);
    expectError(await employerStatsAs(co.a.token, { interaction_kind: 'mentor' }), 403);
    expectError(await get('/stats/employers', { query: { interaction_kind: 'mentor' } }), 401);
  });
});
