// tests/api/interactions.test.mjs: the employer interaction index (互动指数, issue 7). Every
// activity with an employer is an interaction of a kind (registration, strategic, mentor,
// industry_education, job_post, daily_business), recorded by the office (admins holding
// employers.relations) or derived from recruitment (an approved registration, an approved job,
// an approved info session or fair application; struck out again when the session is cancelled,
// the application withdrawn or the fair cancelled). Two scores follow every change: the seed's
// 10 × ([registration ≥ 1] + 2·[strategic ≥ 1] + [mentor ≥ 1] + [industry_education ≥ 1] +
// (job_post ≥ 10 → 2; ≥ 1 → 1) + (daily_business ≥ 5 → 3; ≥ 1 → 1.5)), at most 100, and a
// weighted one where each interaction counts its kind's weight halved every half-life. The
// employer list sorts and filters by either; the dormant view lists employers whose weighted
// score fell, or who registered and did nothing since. Each test makes its own employers, so
// nothing here counts rows other suites add; the model is shared, so the test that changes it
// puts it back (and an `after` hook does so again should a test fail half-way).
import assert from 'node:assert/strict';
import {
  after, before, describe, test,
} from 'node:test';
import {
  ISO_OFFSET, RUN, expectAudited, expectData, expectError, expectList, get, post, put, sameId, show,
} from './lib.mjs';
import { daysFromToday, today } from './records.mjs';
import { sessionBody, venueBody } from './events.mjs';
import { applicationBody, fairBody, newJob } from './fairs.mjs';
import {
  INTERACTION_KEYS, KINDS, allRows, approvedFresh, correctAs, expectSeed, findRow, freshEmployer, indexAs, indexOf,
  interactionBody, logAs, logOf, near, record, recordAs, relationsCallers, seedOf,
} from './interactions.mjs';

const MISSING = 2_000_000_000; // an id no record has

let admin; // CLI admin: every permission item (reviews employers, jobs, sessions, fairs)
let superadmin; // reads the audit log
let office; // an admin holding employers.relations only: the office in these tests
let plainAdmin; // an admin holding students.view only (no employers.relations)
let counselor; // staff, not the office
let advisor; // reads the index and the log
let stu; // a student with an account: {s, token, id}
let model0; // the interaction model as the suite found it

// Writes whose audit entries the last test looks up: {label, actor, res, action, target}.
const audited = [];
const remember = (label, actor, res, action, target) => audited.push({ label, actor, res, action, target });

const dormant = (query, token = office.token) => get('/admin/employers/dormant', { token, query });
const modelNow = async () => expectData(await get('/admin/interaction-model', { token: office.token }));
const putModel = (json, token = office.token) => put('/admin/interaction-model', { token, json });
const listed = (query, token = office.token) => get('/employers', { token, query: { per_page: 200, ...query } });

// The list's row of employer `id` found by its name (q), under `query` (model, …).
async function listRow(c, query = {}) {
  const { data } = expectList(await listed({ q: c.employer.name, ...query }));
  const row = data.find((r) => sameId(r.id, c.employer.id));
  assert.ok(row, `employer ${c.employer.id} is not listed under q=${c.employer.name} ${JSON.stringify(query)}`);
  return row;
}

// Asserts the list shows employer `c` with the index route's score under `model` (and with
// interaction_index being the model's own column).
async function expectListAgrees(c, model = 'seed') {
  const row = await listRow(c, { model });
  const idx = await indexOf(office.token, c.employer.id, model);
  for (const k of ['interaction_index', 'index_seed', 'index_weighted']) {
    assert.ok(Object.hasOwn(row, k) && Number.isFinite(Number(row[k])), `the list's row lacks a numeric ${k}: ${JSON.stringify(row)}`);
  }
  assert.equal(Number(row.interaction_index), Number(row[model === 'weighted' ? 'index_weighted' : 'index_seed']),
    `interaction_index under model=${model} is not the model's column: ${JSON.stringify(row)}`);
  assert.equal(Number(row.interaction_index), Number(idx.score),
    `the list's interaction_index (model=${model}) ${row.interaction_index} is not the index route's score ${idx.score}`);
  return { row, idx };
}

// A row of GET /employers/{id}/interactions or an interaction answered by a write.
function checkInteraction(x) {
  for (const k of INTERACTION_KEYS) assert.ok(Object.hasOwn(x, k), `interaction lacks "${k}": ${JSON.stringify(x)}`);
  assert.ok(Number.isInteger(x.id), `id: ${x.id}`);
  assert.ok(KINDS.includes(x.kind), `kind: ${x.kind}`);
  assert.match(x.date, /^\d{4}-\d{2}-\d{2}$/, `date: ${x.date}`);
  assert.equal(typeof x.removed, 'boolean', `removed: ${x.removed}`);
  assert.ok(['staff', 'registration', 'job', 'session', 'fair'].includes(x.source), `source: ${x.source}`);
  for (const k of ['created_at', 'updated_at']) assert.match(String(x[k]), ISO_OFFSET, `${k}: ${x[k]}`);
}

before(async () => {
  ({ admin, superadmin, office, plainAdmin, counselor, advisor, students: [stu] } = await relationsCallers('互动'));
  model0 = await modelNow();
});

after(async () => {
  if (!model0) return;
  const now = await modelNow();
  if (now.half_life_days !== model0.half_life_days || JSON.stringify(now.weights) !== JSON.stringify(model0.weights)) {
    expectData(await putModel({ weights: model0.weights, half_life_days: model0.half_life_days }));
  }
});

/* ---------- the seed's score ---------- */

describe("the seed's score (种子公式) through the API", () => {
  test('from nothing to 100: each interaction recorded one by one moves score and breakdown exactly at the boundaries; the list agrees', async () => {
    const c = await freshEmployer(); // not approved: no registration yet
    const counts = {};
    await expectSeed(office.token, c.employer.id, counts, 'a registered, unreviewed employer');
    await expectListAgrees(c);
    assert.deepEqual(await logOf(office.token, c.employer.id), [], 'an unreviewed employer has interactions');

    // [kind, how many of it there are after this one, the score then]
    const steps = [
      ['registration', 1, 10], ['registration', 2, 10],
      ['strategic', 1, 30], ['mentor', 1, 40], ['industry_education', 1, 50],
      ['job_post', 1, 60], ...[2, 3, 4, 5, 6, 7, 8, 9].map((n) => ['job_post', n, 60]), ['job_post', 10, 70], ['job_post', 11, 70],
      ['daily_business', 1, 85], ['daily_business', 2, 85], ['daily_business', 3, 85], ['daily_business', 4, 85],
      ['daily_business', 5, 100], ['daily_business', 6, 100],
      ['strategic', 2, 100], ['mentor', 2, 100], ['industry_education', 2, 100],
    ];
    for (const [kind, n, score] of steps) {
      const res = await recordAs(office.token, c.employer.id, interactionBody(kind));
      const x = expectData(res, 201);
      checkInteraction(x);
      if (kind === 'mentor' && n === 1) remember('create', office.id, res, /^employer_interaction\.create$/, x.id);
      counts[kind] = n;
      assert.equal(seedOf(counts).score, score, `the test's own formula at ${kind} × ${n}`);
      const got = await expectSeed(office.token, c.employer.id, counts, `after ${kind} × ${n}`);
      assert.equal(Number(got.score), score);
      assert.ok(Number(got.score) <= 100);
      if ([1, 9, 10, 4, 5].includes(n) || kind !== 'job_post') await expectListAgrees(c);
    }
    // no more than 100, whatever is added
    for (const kind of KINDS) {
      await record(office.token, c.employer.id, kind);
      counts[kind] += 1;
    }
    assert.equal(Number((await expectSeed(office.token, c.employer.id, counts, 'everything again')).score), 100);
    assert.equal(Number((await listRow(c)).index_seed), 100);
  });

  test('each flag alone: none → 0; one → its points (strategic 20, the others 10); seven → still its points', async () => {
    for (const kind of ['registration', 'strategic', 'mentor', 'industry_education']) {
      const c = await freshEmployer();
      await expectSeed(office.token, c.employer.id, {}, `${kind}: none`);
      await record(office.token, c.employer.id, kind);
      const one = await expectSeed(office.token, c.employer.id, { [kind]: 1 }, `${kind}: one`);
      assert.equal(Number(one.score), kind === 'strategic' ? 20 : 10);
      for (let n = 2; n <= 7; n++) await record(office.token, c.employer.id, kind);
      await expectSeed(office.token, c.employer.id, { [kind]: 7 }, `${kind}: seven`);
      await expectListAgrees(c);
    }
  });

  test('job posts alone (0/1/9/10) and daily business alone (0/1/4/5)', async () => {
    const j = await freshEmployer();
    const d = await freshEmployer();
    const want = { job_post: { 0: 0, 1: 10, 9: 10, 10: 20 }, daily_business: { 0: 0, 1: 15, 4: 15, 5: 30 } };
    for (const [c, kind] of [[j, 'job_post'], [d, 'daily_business']]) {
      const top = kind === 'job_post' ? 10 : 5;
      for (let n = 0; n <= top; n++) {
        if (n > 0) await record(office.token, c.employer.id, kind);
        const got = await expectSeed(office.token, c.employer.id, { [kind]: n }, `${kind} × ${n}`);
        if (want[kind][n] !== undefined) assert.equal(Number(got.score), want[kind][n], `${kind} × ${n}`);
      }
      await expectListAgrees(c);
    }
  });
});

/* ---------- the employer list ---------- */

describe('the employer list: sort=interaction_index, order, model, index_min, index_max', () => {
  let tag;
  let a; // strategic once: seed 20, weighted w_strategic
  let b; // one job post and one daily business: seed 25, weighted w_job_post + w_daily_business
  let z; // nothing: 0 and 0
  before(async () => {
    tag = `互动排序${RUN}`;
    a = await freshEmployer({ name: `${tag}甲有限公司` });
    b = await freshEmployer({ name: `${tag}乙有限公司` });
    z = await freshEmployer({ name: `${tag}丙有限公司` });
    await record(office.token, a.employer.id, 'strategic');
    await record(office.token, b.employer.id, 'job_post');
    await record(office.token, b.employer.id, 'daily_business');
  });

  const idsOf = async (query, token = office.token) => expectList(await listed({ q: tag, ...query }, token)).data.map((r) => Number(r.id));
  const byScore = (pairs, asc) => [...pairs].sort((p, q) => (asc ? p[1] - q[1] || p[0] - q[0] : q[1] - p[1] || q[0] - p[0])).map((p) => p[0]);

  test('every row carries interaction_index, index_seed and index_weighted, each the index route\'s score', async () => {
    for (const c of [a, b, z]) {
      await expectListAgrees(c, 'seed');
      await expectListAgrees(c, 'weighted');
    }
    const rows = expectList(await listed({ q: tag })).data;
    assert.equal(rows.length, 3, `q=${tag}: ${JSON.stringify(rows.map((r) => r.name))}`);
    for (const r of rows) {
      const w = await indexOf(office.token, r.id, 'weighted');
      const s = await indexOf(office.token, r.id, 'seed');
      assert.equal(Number(r.index_seed), Number(s.score), `index_seed of ${r.id}`);
      assert.equal(Number(r.index_weighted), Number(w.score), `index_weighted of ${r.id}`);
      assert.equal(Number(r.interaction_index), Number(s.score), `interaction_index (the seed by default) of ${r.id}`);
    }
  });

  test('sort=interaction_index ranks by the seed, best first, or worst first with order=asc; model=weighted ranks by the weighted score', async () => {
    const w = model0.weights;
    const seed = [[Number(a.employer.id), 20], [Number(b.employer.id), 25], [Number(z.employer.id), 0]];
    const weighted = [[Number(a.employer.id), w.strategic], [Number(b.employer.id), w.job_post + w.daily_business], [Number(z.employer.id), 0]];
    assert.deepEqual(await idsOf({ sort: 'interaction_index' }), byScore(seed, false));
    assert.deepEqual(await idsOf({ sort: 'interaction_index', order: 'desc' }), byScore(seed, false));
    assert.deepEqual(await idsOf({ sort: 'interaction_index', order: 'asc' }), byScore(seed, true));
    assert.deepEqual(await idsOf({ sort: 'interaction_index', model: 'seed', order: 'asc' }), byScore(seed, true));
    assert.deepEqual(await idsOf({ sort: 'interaction_index', model: 'weighted' }), byScore(weighted, false));
    assert.deepEqual(await idsOf({ sort: 'interaction_index', model: 'weighted', order: 'desc' }), byScore(weighted, false));
    assert.deepEqual(await idsOf({ sort: 'interaction_index', model: 'weighted', order: 'asc' }), byScore(weighted, true));
    // staff read the list too, ranked alike
    assert.deepEqual(await idsOf({ sort: 'interaction_index' }, counselor.token), byScore(seed, false));
    assert.deepEqual(await idsOf({ sort: 'interaction_index', model: 'weighted' }, advisor.token), byScore(weighted, false));
    // the rows' scores are in that order
    const rows = expectList(await listed({ q: tag, sort: 'interaction_index', model: 'weighted' })).data;
    for (let i = 1; i < rows.length; i++) assert.ok(Number(rows[i - 1].interaction_index) >= Number(rows[i].interaction_index), JSON.stringify(rows));
  });

  test('without sort, or sort=created, newest first; sort=created&order=asc oldest first', async () => {
    const made = [a, b, z].map((c) => Number(c.employer.id));
    const newest = [...made].sort((p, q) => q - p);
    assert.deepEqual(await idsOf({}), newest);
    assert.deepEqual(await idsOf({ sort: 'created' }), newest);
    assert.deepEqual(await idsOf({ sort: 'created', order: 'desc' }), newest);
    assert.deepEqual(await idsOf({ sort: 'created', order: 'asc' }), [...newest].reverse(),
      'order=asc is accepted with sort=created but the list is not oldest first');
  });

  test('index_min and index_max keep the rows whose score (of the model asked for) is in range, both ends included', async () => {
    const [ia, ib, iz] = [a, b, z].map((c) => Number(c.employer.id));
    const set = async (query) => (await idsOf(query)).sort((p, q) => p - q);
    const sortedIds = (xs) => [...xs].sort((p, q) => p - q);
    assert.deepEqual(await set({ index_min: 20 }), sortedIds([ia, ib]));
    assert.deepEqual(await set({ index_min: 20.5 }), [ib]);
    assert.deepEqual(await set({ index_max: 20 }), sortedIds([ia, iz]));
    assert.deepEqual(await set({ index_min: 20, index_max: 20 }), [ia]);
    assert.deepEqual(await set({ index_min: 0, index_max: 0 }), [iz]);
    assert.deepEqual(await set({ index_min: 26 }), []);
    assert.deepEqual(await set({ index_min: 20, sort: 'interaction_index', order: 'asc' }), sortedIds([ia, ib]));
    const w = model0.weights;
    const wb = w.job_post + w.daily_business;
    assert.ok(w.strategic > 0 && wb > 0, `the suite found weights of 0: ${JSON.stringify(w)}`);
    assert.deepEqual(await set({ model: 'weighted', index_min: Math.min(w.strategic, wb) }), sortedIds([ia, ib]));
    assert.deepEqual(await set({ model: 'weighted', index_min: Math.max(w.strategic, wb) }),
      w.strategic === wb ? sortedIds([ia, ib]) : [w.strategic > wb ? ia : ib]);
    assert.deepEqual(await set({ model: 'weighted', index_max: 0 }), [iz]);
    // with the other filters
    assert.deepEqual(await idsOf({ status: 'pending', sort: 'interaction_index' }), byScore([[ia, 20], [ib, 25], [iz, 0]], false));
    assert.deepEqual(await idsOf({ status: 'approved', sort: 'interaction_index' }), []);
    assert.deepEqual(await set({ industry: 'I', index_min: 20, model: 'seed' }), sortedIds([ia, ib]));
    assert.deepEqual(await set({ industry: 'A', index_min: 0 }), []);
    // the count follows the filter
    const { meta } = expectList(await listed({ q: tag, index_min: 20 }));
    assert.equal(meta.total, 2);
  });

  test('422 naming the parameter: sort, order, model, index_min, index_max', async () => {
    for (const [query, field] of [
      [{ sort: 'score' }, 'sort'], [{ sort: 'interaction_index', order: 'up' }, 'order'], [{ model: 'linear' }, 'model'],
      [{ index_min: 'abc' }, 'index_min'], [{ index_min: -1 }, 'index_min'], [{ index_max: 'x' }, 'index_max'],
      [{ index_max: -5 }, 'index_max'],
    ]) {
      expectError(await listed({ q: tag, ...query }), 422, field);
    }
  });
});

/* ---------- the weighted model ---------- */

describe('the weighted model: weights, half-life, fading', () => {
  test('a fresh interaction counts its weight, one a half-life ago half of it; PUT /admin/interaction-model changes both and every score follows; then it is put back', async () => {
    const w0 = model0.weights;
    const h0 = model0.half_life_days;
    assert.deepEqual(Object.keys(w0).sort(), [...KINDS].sort(), `weights: ${JSON.stringify(model0)}`);
    assert.ok(Number.isInteger(h0) && h0 >= 30 && h0 <= 3650, `half_life_days: ${h0}`);

    const c = await freshEmployer();
    const other = await freshEmployer();
    await record(office.token, c.employer.id, 'strategic'); // today
    await record(office.token, c.employer.id, 'mentor', { date: daysFromToday(-h0) }); // a half-life ago
    await record(office.token, other.employer.id, 'job_post');
    await record(office.token, other.employer.id, 'job_post', { date: daysFromToday(-2 * h0) });

    let idx = await indexOf(office.token, c.employer.id, 'weighted');
    assert.equal(idx.model, 'weighted');
    assert.deepEqual(idx.weights, w0);
    assert.equal(idx.half_life_days, h0);
    assert.ok(near(idx.breakdown.strategic.points, w0.strategic), `fresh strategic: ${JSON.stringify(idx)}`);
    assert.ok(near(idx.breakdown.mentor.points, w0.mentor / 2), `mentor a half-life ago: ${JSON.stringify(idx)}`);
    assert.equal(idx.breakdown.strategic.count, 1);
    assert.equal(idx.breakdown.mentor.count, 1);
    assert.ok(near(idx.score, w0.strategic + w0.mentor / 2), `score: ${JSON.stringify(idx)}`);
    for (const k of ['registration', 'industry_education', 'job_post', 'daily_business']) {
      assert.equal(Number(idx.breakdown[k].points), 0, `${k}: ${JSON.stringify(idx)}`);
    }
    let o = await indexOf(office.token, other.employer.id, 'weighted');
    assert.ok(near(o.score, w0.job_post * 1.25), `a job post today and one two half-lives ago: ${JSON.stringify(o)}`);
    await expectListAgrees(c, 'weighted');
    await expectListAgrees(other, 'weighted');
    // the seed does not fade
    await expectSeed(office.token, c.employer.id, { strategic: 1, mentor: 1 });

    // a new model: strategic 7, mentor 12, job_post 4, a 90-day half-life
    const res = await putModel({ weights: { strategic: 7, mentor: 12, job_post: 4 }, half_life_days: 90 });
    const m = expectData(res);
    remember('model', office.id, res, /^interaction_model\.update$/, 1);
    assert.equal(m.half_life_days, 90);
    assert.deepEqual(m.weights, { ...w0, strategic: 7, mentor: 12, job_post: 4 });
    assert.deepEqual(await modelNow(), m);
    idx = await indexOf(office.token, c.employer.id, 'weighted');
    assert.deepEqual(idx.weights, m.weights);
    assert.equal(idx.half_life_days, 90);
    assert.ok(near(idx.breakdown.strategic.points, 7), JSON.stringify(idx));
    const mentorNow = 12 * 0.5 ** (h0 / 90);
    assert.ok(near(idx.breakdown.mentor.points, mentorNow, 0.011), `mentor ${h0} days ago at a 90-day half-life: ${JSON.stringify(idx)}`);
    assert.ok(near(idx.score, 7 + mentorNow, 0.011), JSON.stringify(idx));
    o = await indexOf(office.token, other.employer.id, 'weighted');
    assert.ok(near(o.score, 4 + 4 * 0.5 ** ((2 * h0) / 90), 0.011), JSON.stringify(o));
    await expectListAgrees(c, 'weighted');
    await expectListAgrees(other, 'weighted');
    await expectSeed(office.token, c.employer.id, { strategic: 1, mentor: 1 }, 'the seed ignores the model');

    // a part of the model at a time: the rest stays
    let part = expectData(await putModel({ half_life_days: 365 }));
    assert.equal(part.half_life_days, 365);
    assert.deepEqual(part.weights, m.weights);
    part = expectData(await putModel({ weights: { mentor: 0 } }));
    assert.equal(part.half_life_days, 365);
    assert.equal(part.weights.mentor, 0);
    idx = await indexOf(office.token, c.employer.id, 'weighted');
    assert.equal(Number(idx.breakdown.mentor.points), 0, `a weight of 0 counts nothing: ${JSON.stringify(idx)}`);
    assert.ok(near(idx.score, 7), JSON.stringify(idx));
    await expectListAgrees(c, 'weighted');

    // put back
    const back = expectData(await putModel({ weights: w0, half_life_days: h0 }));
    assert.deepEqual(back.weights, w0);
    assert.equal(back.half_life_days, h0);
    idx = await indexOf(office.token, c.employer.id, 'weighted');
    assert.ok(near(idx.score, w0.strategic + w0.mentor / 2), `after the model was put back: ${JSON.stringify(idx)}`);
    await expectListAgrees(c, 'weighted');
  });

  test('422 naming the field: half_life_days 29 or 3651 or not a whole number, an unknown kind, a negative or non-numeric weight, weights not an object, an unknown field; the model stays', async () => {
    const before0 = await modelNow();
    for (const [json, field] of [
      [{ half_life_days: 29 }, 'half_life_days'], [{ half_life_days: 3651 }, 'half_life_days'],
      [{ half_life_days: 0 }, 'half_life_days'], [{ half_life_days: '180' }, 'half_life_days'],
      [{ half_life_days: 90.5 }, 'half_life_days'],
      [{ weights: { visit: 1 } }, 'weights'], [{ weights: { mentor: -1 } }, 'weights'],
      [{ weights: { mentor: '3' } }, 'weights'], [{ weights: { mentor: 1001 } }, 'weights'], [{ weights: [1, 2] }, 'weights'],
      [{ weights: 5 }, 'weights'], [{ weights: { strategic: 5, visit: 1 }, half_life_days: 60 }, 'weights'],
      [{ decay: 0.5 }, 'decay'],
    ]) {
      expectError(await putModel(json), 422, field);
    }
    assert.deepEqual(await modelNow(), before0, 'a refused change changed the model');
    // the bounds themselves are accepted, then put back
    expectData(await putModel({ half_life_days: 30 }));
    expectData(await putModel({ half_life_days: 3650 }));
    expectData(await putModel({ weights: before0.weights, half_life_days: before0.half_life_days }));
    const now = await modelNow();
    assert.deepEqual(now.weights, before0.weights);
    assert.equal(now.half_life_days, before0.half_life_days);
  });
});

/* ---------- corrections ---------- */

describe('corrections: PUT /employer-interactions/{id}', () => {
  test('kind and date change, strike out with removed:true and back; the scores and the log follow', async () => {
    const c = await freshEmployer();
    const x = await record(office.token, c.employer.id, 'mentor', { note: '首次导师进校' });
    await expectSeed(office.token, c.employer.id, { mentor: 1 });

    let res = await correctAs(office.token, x.id, { kind: 'strategic' });
    let y = expectData(res);
    remember('update', office.id, res, /^employer_interaction\.update$/, x.id);
    checkInteraction(y);
    assert.equal(y.kind, 'strategic');
    assert.equal(y.title, x.title, 'a field not given changed');
    assert.equal(y.date, x.date);
    await expectSeed(office.token, c.employer.id, { strategic: 1 }, 'mentor corrected to strategic');
    await expectListAgrees(c);

    const h = model0.half_life_days;
    y = expectData(await correctAs(office.token, x.id, { date: daysFromToday(-h) }));
    assert.equal(y.date, daysFromToday(-h));
    assert.equal(y.kind, 'strategic');
    const idx = await indexOf(office.token, c.employer.id, 'weighted');
    assert.ok(near(idx.score, model0.weights.strategic / 2), `dated a half-life back: ${JSON.stringify(idx)}`);
    await expectListAgrees(c, 'weighted');

    y = expectData(await correctAs(office.token, x.id, { title: '战略合作签约', students_covered: 40, owner: null, note: null }));
    assert.equal(y.title, '战略合作签约');
    assert.equal(y.students_covered, 40);
    assert.equal(y.owner, null);
    assert.equal(y.note, null);

    res = await correctAs(office.token, x.id, { removed: true });
    y = expectData(res);
    remember('strike out', office.id, res, /^employer_interaction\.update$/, x.id);
    assert.equal(y.removed, true);
    await expectSeed(office.token, c.employer.id, {}, 'struck out');
    assert.equal(Number((await indexOf(office.token, c.employer.id, 'weighted')).score), 0);
    await expectListAgrees(c);
    await expectListAgrees(c, 'weighted');
    const log = await logOf(office.token, c.employer.id);
    assert.deepEqual(log.map((r) => [r.id, r.removed]), [[x.id, true]], 'the log keeps a struck-out interaction, marked');

    y = expectData(await correctAs(office.token, x.id, { removed: false }));
    assert.equal(y.removed, false);
    await expectSeed(office.token, c.employer.id, { strategic: 1 }, 'brought back');
    await expectListAgrees(c);
    // a correction that makes two of a kind: still one flag
    const x2 = await record(office.token, c.employer.id, 'job_post');
    await expectSeed(office.token, c.employer.id, { strategic: 1, job_post: 1 });
    expectData(await correctAs(office.token, x2.id, { kind: 'strategic' }));
    await expectSeed(office.token, c.employer.id, { strategic: 2 });
  });

  test('422 naming the field on a correction; 404 for an unknown interaction', async () => {
    const c = await freshEmployer();
    const x = await record(office.token, c.employer.id, 'industry_education');
    for (const [json, field] of [
      [{ kind: 'visit' }, 'kind'], [{ kind: null }, 'kind'], [{ kind: 3 }, 'kind'],
      [{ date: daysFromToday(1) }, 'date'], [{ date: '2025-02-30' }, 'date'], [{ date: 'yesterday' }, 'date'], [{ date: null }, 'date'],
      [{ date: '1999-12-31' }, 'date'], [{ title: '改了标题', date: daysFromToday(1) }, 'date'],
      [{ title: '' }, 'title'], [{ title: 'x'.repeat(201) }, 'title'],
      [{ students_covered: -1 }, 'students_covered'], [{ students_covered: '3' }, 'students_covered'],
      [{ removed: 'yes' }, 'removed'], [{ removed: 1 }, 'removed'],
      [{ source: 'job' }, 'source'], [{ employer_id: 1 }, 'employer_id'], [{ score: 100 }, 'score'],
    ]) {
      const res = await correctAs(office.token, x.id, json);
      assert.equal(res.status, 422, `${JSON.stringify(json)}: ${show(res)}`);
      expectError(res, 422, field);
    }
    const still = (await logOf(office.token, c.employer.id))[0];
    assert.equal(still.kind, 'industry_education');
    assert.equal(still.date, x.date);
    assert.equal(still.title, x.title);
    assert.equal(still.removed, false);
    await expectSeed(office.token, c.employer.id, { industry_education: 1 });
    expectError(await correctAs(office.token, MISSING, { title: '无此记录' }), 404);
    expectError(await correctAs(office.token, 'abc', { title: '无此记录' }), 404);
  });
});

/* ---------- the log ---------- */

describe('the log: GET /employers/{id}/interactions', () => {
  test('newest first (by date), every field, a kind filter, paging', async () => {
    const c = await freshEmployer();
    const old = await record(office.token, c.employer.id, 'mentor', { date: daysFromToday(-30), students_covered: null, owner: undefined });
    const mid = await record(office.token, c.employer.id, 'daily_business', { date: daysFromToday(-10), note: '来访' });
    const fresh = await record(office.token, c.employer.id, 'mentor');
    const log = await logOf(office.token, c.employer.id);
    assert.deepEqual(log.map((r) => r.id), [fresh.id, mid.id, old.id]);
    log.forEach(checkInteraction);
    assert.deepEqual(log[2], old);
    assert.equal(old.students_covered, null);
    assert.equal(old.owner, null);
    assert.equal(old.source, 'staff');
    assert.equal(old.source_id, null);
    assert.equal(mid.note, '来访');
    assert.deepEqual((await logOf(office.token, c.employer.id, { kind: 'mentor' })).map((r) => r.id), [fresh.id, old.id]);
    assert.deepEqual(await logOf(office.token, c.employer.id, { kind: 'strategic' }), []);
    const page2 = expectList(await logAs(office.token, c.employer.id, { per_page: 1, page: 2 }));
    assert.deepEqual(page2.data.map((r) => r.id), [mid.id]);
    assert.equal(page2.meta.total, 3);
    expectError(await logAs(office.token, c.employer.id, { kind: 'visit' }), 422, 'kind');
    // a time is read as its China date
    const timed = await record(office.token, c.employer.id, 'mentor', { date: '2024-05-01T23:30:00Z' });
    assert.equal(timed.date, '2024-05-02');
  });
});

/* ---------- derived interactions ---------- */

describe('derived interactions: recruitment brings them, its undoing strikes them out', () => {
  test('an approved registration brings one registration; each approved job a job post; a job not yet approved nothing', async () => {
    const c = await freshEmployer();
    await expectSeed(office.token, c.employer.id, {});
    expectData(await post(`/admin/employers/${c.employer.id}/review`, { token: admin.token, json: { decision: 'approve' } }));
    await expectSeed(office.token, c.employer.id, { registration: 1 }, 'approved');
    let log = await logOf(office.token, c.employer.id);
    assert.equal(log.length, 1, JSON.stringify(log));
    checkInteraction(log[0]);
    assert.equal(log[0].kind, 'registration');
    assert.equal(log[0].source, 'registration');
    assert.ok(sameId(log[0].source_id, c.employer.id));
    assert.equal(log[0].date, today());
    assert.equal(log[0].removed, false);
    await expectListAgrees(c);

    const job = await newJob(c, admin.token);
    await expectSeed(office.token, c.employer.id, { registration: 1, job_post: 1 }, 'a job approved');
    await newJob(c, admin.token, {}, { approve: false });
    await expectSeed(office.token, c.employer.id, { registration: 1, job_post: 1 }, 'a job pending');
    const job2 = await newJob(c, admin.token);
    await expectSeed(office.token, c.employer.id, { registration: 1, job_post: 2 }, 'a second job approved');
    log = await logOf(office.token, c.employer.id, { kind: 'job_post' });
    assert.deepEqual(log.map((r) => Number(r.source_id)).sort((p, q) => p - q), [Number(job.id), Number(job2.id)].sort((p, q) => p - q));
    for (const r of log) {
      assert.equal(r.source, 'job');
      assert.equal(r.date, today());
    }
    assert.equal(log.find((r) => sameId(r.source_id, job.id)).title, job.body.title);
    await expectListAgrees(c);
  });

  test('an info session approved brings a daily business on its day; cancelled, it is struck out', async () => {
    const c = await approvedFresh(admin.token);
    const venue = expectData(await post('/venues', { token: admin.token, json: venueBody() }), 201);
    const s = expectData(await post('/sessions', { token: c.token, json: sessionBody(venue.id) }), 201);
    await expectSeed(office.token, c.employer.id, { registration: 1 }, 'a session applied for');
    expectData(await post(`/admin/events/${s.id}/review`, { token: admin.token, json: { decision: 'approve' } }));
    await expectSeed(office.token, c.employer.id, { registration: 1, daily_business: 1 }, 'the session approved');
    let row = (await logOf(office.token, c.employer.id, { kind: 'daily_business' }))[0];
    assert.equal(row.source, 'session');
    assert.ok(sameId(row.source_id, s.id));
    assert.equal(row.date, daysFromToday(2), 'dated the session\'s day');
    assert.equal(row.removed, false);
    await expectListAgrees(c);
    // a session still to come counts its full weight until its day
    const w = await indexOf(office.token, c.employer.id, 'weighted');
    assert.ok(near(w.breakdown.daily_business.points, model0.weights.daily_business), `a session to come: ${JSON.stringify(w)}`);
    await expectListAgrees(c, 'weighted');
    expectData(await post(`/admin/events/${s.id}/review`, { token: admin.token, json: { decision: 'cancel', reason: '企业行程有变' } }));
    await expectSeed(office.token, c.employer.id, { registration: 1 }, 'the session cancelled');
    row = (await logOf(office.token, c.employer.id, { kind: 'daily_business' }))[0];
    assert.equal(row.removed, true, 'the cancelled session\'s interaction is not struck out');
    await expectListAgrees(c);
    await expectListAgrees(c, 'weighted');
  });

  test('a fair application approved brings a daily business on the fair\'s day; withdrawn, or the fair cancelled, it is struck out', async () => {
    const c = await approvedFresh(admin.token);
    const fair = expectData(await post('/fairs', { token: admin.token, json: fairBody() }), 201);
    const apply = async () => expectData(await post(`/fairs/${fair.id}/applications`, { token: c.token, json: applicationBody([]) }), 201);
    const approve = async (id) => expectData(await post(`/admin/fair-applications/${id}/review`, { token: admin.token, json: { decision: 'approve' } }));
    const app1 = await apply();
    await expectSeed(office.token, c.employer.id, { registration: 1 }, 'applied');
    await approve(app1.id);
    await expectSeed(office.token, c.employer.id, { registration: 1, daily_business: 1 }, 'approved');
    let rows = await logOf(office.token, c.employer.id, { kind: 'daily_business' });
    assert.equal(rows.length, 1);
    assert.equal(rows[0].source, 'fair');
    assert.ok(sameId(rows[0].source_id, app1.id));
    assert.equal(rows[0].date, daysFromToday(7), 'dated the fair\'s day');
    assert.equal(rows[0].title, fair.title);
    await expectListAgrees(c);

    expectData(await post(`/fair-applications/${app1.id}/withdraw`, { token: c.token, json: {} }));
    await expectSeed(office.token, c.employer.id, { registration: 1 }, 'withdrawn');
    rows = await logOf(office.token, c.employer.id, { kind: 'daily_business' });
    assert.deepEqual(rows.map((r) => r.removed), [true]);
    await expectListAgrees(c);

    // applying again reopens the same application; approved again, its interaction is brought back
    const app2 = await apply();
    assert.ok(sameId(app2.id, app1.id), 're-applying made a new application');
    await approve(app2.id);
    await expectSeed(office.token, c.employer.id, { registration: 1, daily_business: 1 }, 'applied again and approved');
    rows = await logOf(office.token, c.employer.id, { kind: 'daily_business' });
    assert.deepEqual(rows.map((r) => [Number(r.source_id), r.removed]), [[Number(app1.id), false]], 'not one interaction, brought back');
    // another fair, cancelled with the employer approved to take part
    const fair2 = expectData(await post('/fairs', { token: admin.token, json: fairBody({}, 9) }), 201);
    const app3 = expectData(await post(`/fairs/${fair2.id}/applications`, { token: c.token, json: applicationBody([]) }), 201);
    await approve(app3.id);
    await expectSeed(office.token, c.employer.id, { registration: 1, daily_business: 2 }, 'two fairs');
    expectData(await post(`/admin/fairs/${fair.id}/cancel`, { token: admin.token, json: { reason: '场馆检修' } }));
    await expectSeed(office.token, c.employer.id, { registration: 1, daily_business: 1 }, 'the first fair cancelled');
    expectData(await post(`/admin/fairs/${fair2.id}/cancel`, { token: admin.token, json: { reason: '场馆检修' } }));
    await expectSeed(office.token, c.employer.id, { registration: 1 }, 'both fairs cancelled');
    rows = await logOf(office.token, c.employer.id, { kind: 'daily_business' });
    assert.equal(rows.length, 2, JSON.stringify(rows));
    assert.ok(rows.every((r) => r.removed === true && r.source === 'fair'), JSON.stringify(rows));
    assert.deepEqual(rows.map((r) => r.date), [daysFromToday(9), daysFromToday(7)], 'newest first, each its fair\'s day');
    await expectListAgrees(c);
    await expectListAgrees(c, 'weighted');
  });
});

/* ---------- the dormant view ---------- */

describe('the dormant view: GET /admin/employers/dormant', () => {
  test('view=registered_only lists an employer approved with nothing since, and drops it once it has another interaction', async () => {
    const c = await approvedFresh(admin.token);
    const pending = await freshEmployer();
    const find = (who) => findRow(office.token, '/admin/employers/dormant', { view: 'registered_only' }, (r) => sameId(r.id, who.employer.id));
    const row = await find(c);
    assert.ok(row, `employer ${c.employer.id}, approved with nothing since, is not listed`);
    assert.equal(row.registered_on, today());
    assert.equal(Number(row.index_seed), 10);
    assert.equal(row.name, c.employer.name);
    assert.equal(await find(pending), undefined, 'an employer not approved (no registration) is listed');
    const x = await record(office.token, c.employer.id, 'mentor');
    assert.equal(await find(c), undefined, 'an employer with a mentor interaction is still listed');
    expectData(await correctAs(office.token, x.id, { removed: true }));
    assert.ok(await find(c), 'struck out, the mentor interaction no longer counts, yet the employer is not listed again');
    // a second registration is no other interaction
    await record(office.token, c.employer.id, 'registration');
    assert.ok(await find(c), 'a second registration dropped the employer');
  });

  test('view=fallen with from/to: an employer whose only interaction is old fell; one whose score rose is not there, nor one whose interaction is after `to`', async () => {
    const { weights: w, half_life_days: h } = model0;
    const old = await freshEmployer();
    const fresh = await freshEmployer();
    await record(office.token, old.employer.id, 'strategic', { date: daysFromToday(-400) });
    await record(office.token, fresh.employer.id, 'mentor');
    const from = daysFromToday(-380);
    const to = today();
    const rows = await allRows(office.token, '/admin/employers/dormant', { view: 'fallen', from, to });
    const o = rows.find((r) => sameId(r.id, old.employer.id));
    assert.ok(o, `employer ${old.employer.id} is not in the fallen view`);
    assert.ok(near(o.score_from, w.strategic * 0.5 ** (20 / h), 0.011), JSON.stringify(o));
    assert.ok(near(o.score_to, w.strategic * 0.5 ** (400 / h), 0.011), JSON.stringify(o));
    assert.ok(Number(o.fall) > 0, `no fall: ${JSON.stringify(o)}`);
    assert.ok(near(o.fall, Number(o.score_from) - Number(o.score_to), 0.011), JSON.stringify(o));
    assert.ok(near(o.score_to, (await indexOf(office.token, old.employer.id, 'weighted')).score, 0.011), 'score_to is not today\'s weighted score');
    // one whose score rose did not fall: it is not listed, and every row listed fell
    assert.ok(near((await indexOf(office.token, fresh.employer.id, 'weighted')).score, w.mentor));
    assert.equal(rows.find((r) => sameId(r.id, fresh.employer.id)), undefined, `employer ${fresh.employer.id}, whose score rose, is in the fallen view`);
    for (const r of rows) assert.ok(Number(r.fall) > 0, `a row that did not fall: ${JSON.stringify(r)}`);
    // ranked by the fall, greatest first
    for (let i = 1; i < rows.length; i++) assert.ok(Number(rows[i - 1].fall) >= Number(rows[i].fall), `not by fall at ${i}`);
    const earlier = await allRows(office.token, '/admin/employers/dormant', { view: 'fallen', from, to: daysFromToday(-1) });
    assert.ok(earlier.some((r) => sameId(r.id, old.employer.id)));
    assert.ok(!earlier.some((r) => sameId(r.id, fresh.employer.id)), 'an employer whose interaction is after `to` is listed');
    // the default window (the last 180 days) and view=fallen by default
    expectList(await dormant({}));
    expectList(await dormant({ view: 'fallen' }));
  });

  test('422 for a bad view, bad dates, and from not before to', async () => {
    for (const [query, field] of [
      [{ view: 'asleep' }, 'view'],
      [{ from: '2026-02-30', to: today() }, 'from'], [{ from: 'yesterday' }, 'from'], [{ from: '2026-1-01', to: today() }, 'from'],
      [{ to: '2026-13-01' }, 'to'], [{ from: daysFromToday(-30), to: 'today' }, 'to'],
      [{ from: today(), to: today() }, 'from'], [{ from: today(), to: daysFromToday(-1) }, 'from'],
      [{ view: 'fallen', from: daysFromToday(-1), to: daysFromToday(-2) }, 'from'],
    ]) {
      expectError(await dormant(query), 422, field);
    }
  });
});

/* ---------- refusals ---------- */

describe('refusals', () => {
  let c;
  let x;
  before(async () => {
    c = await freshEmployer();
    x = await record(office.token, c.employer.id, 'mentor');
  });

  const calls = () => ({
    create: (token) => recordAs(token, c.employer.id, interactionBody('strategic')),
    log: (token) => logAs(token, c.employer.id),
    update: (token) => correctAs(token, x.id, { title: '越权修改' }),
    index: (token) => indexAs(token, c.employer.id),
    modelGet: (token) => get('/admin/interaction-model', { token }),
    modelPut: (token) => putModel({ half_life_days: model0.half_life_days }, token),
    dormant: (token) => dormant({}, token),
  });

  test('401 without a token on every route', async () => {
    for (const [name, call] of Object.entries(calls())) assert.equal((await call(null)).status, 401, name);
    for (const call of Object.values(calls())) expectError(await call(null), 401);
    expectError(await listed({}, null), 401);
  });

  test('403 for students and employers (even of the employer itself) on every route; counselors on every route but the list', async () => {
    const who = { student: stu.token, 'the employer\'s own HR': c.token, counselor: counselor.token };
    for (const [label, token] of Object.entries(who)) {
      for (const [name, call] of Object.entries(calls())) {
        const res = await call(token);
        assert.equal(res.status, 403, `${label} ${name}: ${show(res)}`);
        expectError(res, 403);
      }
    }
    expectError(await listed({}, stu.token), 403);
    expectError(await listed({}, c.token), 403);
    expectList(await listed({ q: c.employer.name }, counselor.token));
  });

  test('an admin without employers.relations: 403 on the writes, the log, the model and the dormant view; the index and the list read', async () => {
    for (const name of ['create', 'log', 'update', 'modelGet', 'modelPut', 'dormant']) {
      const res = await calls()[name](plainAdmin.token);
      assert.equal(res.status, 403, `${name}: ${show(res)}`);
      expectError(res, 403);
    }
    assert.equal(Number(expectData(await calls().index(plainAdmin.token)).score), 10);
    expectList(await listed({ q: c.employer.name }, plainAdmin.token));
    assert.equal((await logOf(office.token, c.employer.id)).length, 1, 'a refused write wrote');
  });

  test('advisors read the index and the log; every write, the model and the dormant view are refused', async () => {
    const idx = expectData(await calls().index(advisor.token));
    assert.equal(Number(idx.score), 10);
    const w = expectData(await indexAs(advisor.token, c.employer.id, 'weighted'));
    assert.equal(w.model, 'weighted');
    const log = expectList(await calls().log(advisor.token)).data;
    assert.deepEqual(log.map((r) => r.id), [x.id]);
    for (const name of ['create', 'update', 'modelGet', 'modelPut', 'dormant']) {
      const res = await calls()[name](advisor.token);
      assert.equal(res.status, 403, `${name}: ${show(res)}`);
      expectError(res, 403);
    }
    expectList(await listed({ q: c.employer.name }, advisor.token));
  });

  test('404 for an unknown employer or interaction', async () => {
    expectError(await recordAs(office.token, MISSING, interactionBody('mentor')), 404);
    expectError(await logAs(office.token, MISSING), 404);
    expectError(await indexAs(office.token, MISSING), 404);
    expectError(await indexAs(advisor.token, MISSING, 'weighted'), 404);
    expectError(await correctAs(office.token, MISSING, { title: '无此记录' }), 404);
    expectError(await recordAs(office.token, 'abc', interactionBody('mentor')), 404);
    expectError(await indexAs(office.token, 'abc'), 404);
  });

  test('422 naming the field on a new interaction; nothing is written', async () => {
    const body = (over) => interactionBody('mentor', over);
    for (const [json, field] of [
      [body({ kind: undefined }), 'kind'], [body({ kind: 'visit' }), 'kind'], [body({ kind: 3 }), 'kind'], [body({ kind: 'Mentor' }), 'kind'],
      [body({ date: daysFromToday(1) }), 'date'], [body({ date: daysFromToday(30) }), 'date'],
      [body({ date: '2025-02-30' }), 'date'], [body({ date: '2025-13-01' }), 'date'], [body({ date: 'yesterday' }), 'date'],
      [body({ date: 20250101 }), 'date'], [body({ date: '1999-12-31' }), 'date'], [body({ date: undefined }), 'date'],
      [body({ title: undefined }), 'title'], [body({ title: '' }), 'title'], [body({ title: null }), 'title'], [body({ title: 'x'.repeat(201) }), 'title'],
      [body({ students_covered: -1 }), 'students_covered'], [body({ students_covered: '12' }), 'students_covered'],
      [body({ students_covered: 1.5 }), 'students_covered'],
      [body({ owner: 'x'.repeat(101) }), 'owner'],
      [body({ removed: true }), 'removed'], [body({ source: 'job' }), 'source'], [body({ employer_id: c.employer.id }), 'employer_id'],
      [body({ score: 100 }), 'score'],
    ]) {
      const res = await recordAs(office.token, c.employer.id, json);
      assert.equal(res.status, 422, `${JSON.stringify(json)}: ${show(res)}`);
      expectError(res, 422, field);
    }
    expectError(await indexAs(office.token, c.employer.id, 'linear'), 422, 'model');
    assert.equal((await logOf(office.token, c.employer.id)).length, 1, 'a refused interaction was written');
    await expectSeed(office.token, c.employer.id, { mentor: 1 });
    // today is not the future; the bounds of the fields are accepted
    const ok = await record(office.token, c.employer.id, 'mentor', { date: today(), title: 'x'.repeat(200), students_covered: 0, owner: 'y'.repeat(100) });
    assert.equal(ok.date, today());
  });
});

/* ---------- the audit log ---------- */

describe('the audit log', () => {
  test('every write (a new interaction, a correction, a strike-out, a change of the model) is there with its actor, target and request id', async () => {
    await expectAudited(superadmin.token, audited, ['create', 'update', 'strike out', 'model']);
  });
});
