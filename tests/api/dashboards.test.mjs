// tests/api/dashboards.test.mjs: the dashboards' data (issue 7). GET /stats/employers, the
// employer portrait (employers counted by industry, cooperation level, size, unit nature,
// province or kind of interaction, filtered by each other; each bucket's key is the employer
// list's filter), the employer list's size and unit_nature filters, and GET /stats/destinations,
// the graduate destinations (the counted students of a year — the rule of GET /stats/employment —
// by category, code, the employer's unit nature, industry and province, or the school; drilled
// into a college or a major; scoped for advisors; never stale after a write).
//
// Other suites share the stack, so every count here is of data made by this file: employers of a
// size string unique to the run, students of majors and a college of their own.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  RUN, cliAccount, createMajor, expectData, expectError, expectList, get, lazy, post, put, sameId, uniq,
} from './lib.mjs';
import {
  advisorFor, employmentBody, expectTalliesMatch, importStudents, putEmployment, setScope, setStatus,
  staffWith, studentRow, thisYear,
} from './records.mjs';
import { approvedFresh, correctAs, freshEmployer, record } from './interactions.mjs';
import {
  DESTINATION_DIMS, DESTINATION_ROW_KEYS, EMPLOYER_DIMS, EMPLOYER_ROW_KEYS, LIST_FILTER, countsOf,
  destinationsAs, employerStatsAs, labelsOf, portraitOf, portraitRows, statRows, totalOf,
} from './dashboards.mjs';

const YEAR = 2026;

let admin;
const employer = lazy(() => cliAccount('employer'));
const student = lazy(() => cliAccount('student', { username: `2096${Date.now().toString().slice(-8)}` }));

before(async () => {
  admin = await cliAccount('admin');
});

const INDUSTRY = { T: '国际组织', R: '文化、体育和娱乐业', I: '信息传输、软件和信息技术服务业' };
const NATURE = { 32: '三资企业', 21: '高等教育单位', 39: '其他企业' };
const PROVINCE = { 440000: '广东省', 330000: '浙江省', 320000: '江苏省' };

/* ====================================================================================== */
/* GET /stats/employers                                                                   */
/* ====================================================================================== */

const portrait = (query, token = admin.token) => employerStatsAs(token, query);
const portraitData = async (query, token) => statRows(await portrait(query, token), EMPLOYER_ROW_KEYS, { ordered: query.by !== 'kind' });

// Every row of GET /employers with `query` (200 a page).
async function listed(query, token = admin.token) {
  const rows = [];
  for (let page = 1; page <= 20; page++) {
    const { data, meta } = expectList(await get('/employers', { token, query: { ...query, page, per_page: 200 } }));
    rows.push(...data);
    if (data.length === 0 || page * meta.per_page >= meta.total) return { rows, total: meta.total };
  }
  return { rows, total: rows.length };
}

const ids = (rows) => rows.map((e) => Number(e.id)).sort((a, b) => a - b);

describe('GET /stats/employers: the employer portrait', () => {
  // Five employers of one size string unique to the run:
  //   a  approved  T 32 广东 (440305)  strategic, a tag, a strategic interaction
  //   b  approved  T 32 浙江 (330106)  key
  //   c  approved  R 21 广东 (440305)  no level
  //   d  pending   T 21 浙江 (330106)
  //   e  rejected  R 32 广东 (440305)
  const SIZE = `规模${RUN}`;
  const TAG = `看板${RUN}`.slice(0, 20);
  const co = {};
  let levelName;

  before(async () => {
    co.a = await approvedFresh(admin.token, { industry_code: 'T', unit_nature_code: '32', region_code: '440305', size: SIZE });
    co.b = await approvedFresh(admin.token, { industry_code: 'T', unit_nature_code: '32', region_code: '330106', size: SIZE });
    co.c = await approvedFresh(admin.token, { industry_code: 'R', unit_nature_code: '21', region_code: '440305', size: SIZE });
    co.d = await freshEmployer({ industry_code: 'T', unit_nature_code: '21', region_code: '330106', size: SIZE });
    co.e = await freshEmployer({ industry_code: 'R', unit_nature_code: '32', region_code: '440305', size: SIZE });
    expectData(await post(`/admin/employers/${co.e.employer.id}/review`, { token: admin.token, json: { decision: 'reject', reason: '营业执照不清晰' } }));
    expectData(await put(`/employers/${co.a.employer.id}/relations`, { token: admin.token, json: { cooperation_level: 'strategic', tags: [TAG] } }));
    expectData(await put(`/employers/${co.b.employer.id}/relations`, { token: admin.token, json: { cooperation_level: 'key' } }));
    await record(admin.token, co.a.employer.id, 'strategic');
    const levels = expectData(await get('/cooperation-levels', { token: admin.token }));
    levelName = Object.fromEntries(levels.map((l) => [l.code, l.name]));
  });

  const id = (k) => Number(co[k].employer.id);

  test('the employer list filters by size and unit nature (and level and tag)', async () => {
    assert.deepEqual(ids((await listed({ size: SIZE })).rows), ['a', 'b', 'c', 'd', 'e'].map(id).sort((x, y) => x - y));
    assert.deepEqual(ids((await listed({ size: SIZE, status: 'approved' })).rows), [id('a'), id('b'), id('c')]);
    assert.deepEqual(ids((await listed({ size: SIZE, unit_nature: '32' })).rows), [id('a'), id('b'), id('e')]);
    assert.deepEqual(ids((await listed({ size: SIZE, unit_nature: '21', status: 'pending' })).rows), [id('d')]);
    assert.deepEqual(ids((await listed({ size: SIZE, cooperation_level: 'key' })).rows), [id('b')]);
    assert.deepEqual(ids((await listed({ tag: TAG, cooperation_level: 'strategic' })).rows), [id('a')]);
    assert.equal((await listed({ size: `${SIZE}x` })).total, 0, 'size matches exactly, not as a prefix');
    assert.equal((await listed({ size: SIZE, unit_nature: '10' })).total, 0);
    expectError(await get('/employers', { token: admin.token, query: { size: 'x'.repeat(33) } }), 422, 'size');
    expectError(await get('/employers', { token: admin.token, query: { unit_nature: '12345' } }), 422, 'unit_nature');
  });

  test('counts and labels of each dimension (approved employers by default)', async () => {
    const q = (by) => portraitData({ by, size: SIZE });
    const industry = await q('industry');
    assert.deepEqual(countsOf(industry), { T: 2, R: 1 });
    assert.deepEqual(labelsOf(industry), { T: INDUSTRY.T, R: INDUSTRY.R });
    assert.deepEqual(industry.map((r) => r.key), ['T', 'R'], 'most first');

    const nature = await q('unit_nature');
    assert.deepEqual(countsOf(nature), { 32: 2, 21: 1 });
    assert.deepEqual(labelsOf(nature), { 32: NATURE[32], 21: NATURE[21] });

    const province = await q('province');
    assert.deepEqual(countsOf(province), { 440000: 2, 330000: 1 });
    assert.deepEqual(labelsOf(province), { 440000: PROVINCE[440000], 330000: PROVINCE[330000] });

    const level = await q('cooperation_level');
    assert.deepEqual(countsOf(level), { strategic: 1, key: 1, '': 1 });
    assert.deepEqual(labelsOf(level), { strategic: levelName.strategic, key: levelName.key, '': '未分级' });

    const size = await q('size');
    assert.deepEqual(size.map(({ key, label, count }) => ({ key, label, count })), [{ key: SIZE, label: SIZE, count: 3 }]);
  });

  test('by defaults to industry', async () => {
    assert.deepEqual(await portraitData({ size: SIZE }), await portraitData({ by: 'industry', size: SIZE }));
  });

  test('avg_index is the average seed index of the bucket\'s employers, to one decimal', async () => {
    const { rows } = await listed({ size: SIZE, status: 'approved' });
    const seeds = Object.fromEntries(rows.map((e) => [Number(e.id), Number(e.index_seed)]));
    assert.ok(seeds[id('a')] > seeds[id('b')], `the strategic interaction raises a's seed: ${JSON.stringify(seeds)}`);
    for (const dim of EMPLOYER_DIMS.filter((d) => d !== 'kind')) {
      assert.deepEqual(portraitRows(await portraitData({ by: dim, size: SIZE })), portraitOf(rows, dim), `by=${dim}`);
    }
    const [all] = await portraitData({ by: 'size', size: SIZE });
    const mean = (seeds[id('a')] + seeds[id('b')] + seeds[id('c')]) / 3;
    assert.equal(Number(all.avg_index), Math.round(mean * 10) / 10);
  });

  test('each bucket\'s key, as the employer list filter, lists the employers it counts', async () => {
    for (const status of ['approved', 'pending', 'rejected']) {
      for (const dim of Object.keys(LIST_FILTER)) {
        const rows = await portraitData({ by: dim, size: SIZE, status });
        assert.ok(rows.length > 0, `by=${dim} status=${status}: no rows`);
        const expected = portraitOf((await listed({ size: SIZE, status })).rows, dim);
        assert.deepEqual(portraitRows(rows), expected, `by=${dim} status=${status}`);
        for (const r of rows) {
          // An empty key (未填写, 未分级) is no filter of the list: nothing to click through to.
          if (r.key === '') continue;
          const list = await listed({ size: SIZE, status, [LIST_FILTER[dim]]: r.key });
          assert.equal(list.total, r.count, `by=${dim} key=${r.key} status=${status}: the list has ${list.total}`);
          for (const e of list.rows) assert.equal(e.status, status);
        }
      }
    }
  });

  test('status: approved by default; pending, rejected, or all of them', async () => {
    assert.deepEqual(countsOf(await portraitData({ by: 'industry', size: SIZE, status: 'approved' })), { T: 2, R: 1 });
    assert.deepEqual(countsOf(await portraitData({ by: 'industry', size: SIZE, status: 'pending' })), { T: 1 });
    assert.deepEqual(countsOf(await portraitData({ by: 'industry', size: SIZE, status: 'rejected' })), { R: 1 });
    assert.deepEqual(countsOf(await portraitData({ by: 'industry', size: SIZE, status: 'all' })), { T: 3, R: 2 });
    assert.deepEqual(countsOf(await portraitData({ by: 'unit_nature', size: SIZE, status: 'all' })), { 32: 3, 21: 2 });
    assert.deepEqual(countsOf(await portraitData({ by: 'size', size: SIZE, status: 'all' })), { [SIZE]: 5 });
    assert.deepEqual(await portraitData({ by: 'size', size: SIZE, status: 'rereview' }), []);
  });

  test('filters combine: industry, cooperation level, unit nature, province', async () => {
    const q = (by, f) => portraitData({ by, size: SIZE, ...f });
    assert.deepEqual(countsOf(await q('province', { industry: 'T' })), { 440000: 1, 330000: 1 });
    assert.deepEqual(countsOf(await q('unit_nature', { province: '440000' })), { 32: 1, 21: 1 });
    // a county or city code stands for its province (its first two digits)
    assert.deepEqual(countsOf(await q('unit_nature', { province: '440305' })), { 32: 1, 21: 1 });
    assert.deepEqual(countsOf(await q('unit_nature', { province: '44' })), { 32: 1, 21: 1 });
    assert.deepEqual(countsOf(await q('industry', { province: '330000', status: 'all' })), { T: 2 });
    assert.deepEqual(countsOf(await q('industry', { cooperation_level: 'strategic' })), { T: 1 });
    assert.deepEqual(countsOf(await q('province', { unit_nature: '32', industry: 'T' })), { 440000: 1, 330000: 1 });
    assert.deepEqual(countsOf(await q('cooperation_level', { unit_nature: '21' })), { '': 1 });
    assert.deepEqual(countsOf(await q('size', { industry: 'R', unit_nature: '32', status: 'all' })), { [SIZE]: 1 });
    assert.deepEqual(await q('industry', { industry: 'T', unit_nature: '21' }), []);
    assert.deepEqual(await q('industry', { province: '990000' }), []);
    assert.deepEqual(await q('industry', { cooperation_level: 'ordinary' }), []);
  });

  test('by=kind: the employers with at least one interaction of each kind', async () => {
    const rows = await portraitData({ by: 'kind', size: SIZE });
    const counts = countsOf(rows);
    assert.equal(counts.registration, 3, `every approved employer has its registration: ${JSON.stringify(rows)}`);
    assert.equal(counts.strategic, 1);
    for (const r of rows) assert.equal(r.label, r.key);
    const { rows: approved } = await listed({ size: SIZE, status: 'approved' });
    const seedOf = (k) => Number(approved.find((e) => sameId(e.id, co[k].employer.id)).index_seed);
    assert.equal(Number(rows.find((r) => r.key === 'strategic').avg_index), seedOf('a'));
    assert.deepEqual(countsOf(await portraitData({ by: 'kind', size: SIZE, cooperation_level: 'key' })), { registration: 1 });
    // a second interaction of a kind does not count the employer twice; struck-out ones not at all
    const again = await record(admin.token, co.a.employer.id, 'strategic');
    assert.equal(countsOf(await portraitData({ by: 'kind', size: SIZE })).strategic, 1);
    const mentor = await record(admin.token, co.c.employer.id, 'mentor');
    assert.equal(countsOf(await portraitData({ by: 'kind', size: SIZE })).mentor, 1);
    expectData(await correctAs(admin.token, mentor.id, { removed: true }));
    expectData(await correctAs(admin.token, again.id, { removed: true }));
    const after = countsOf(await portraitData({ by: 'kind', size: SIZE }));
    assert.equal(after.mentor, undefined, `a struck-out interaction still counts: ${JSON.stringify(after)}`);
    assert.equal(after.strategic, 1);
  });

  test('an approval shows at once: before and after differ by the employer approved', async () => {
    const size = `规模二${RUN}`;
    const f = await freshEmployer({ industry_code: 'T', unit_nature_code: '39', region_code: '440305', size });
    assert.deepEqual(await portraitData({ by: 'industry', size }), []);
    const before = countsOf(await portraitData({ by: 'unit_nature', industry: 'T', province: '440000' }));
    expectData(await post(`/admin/employers/${f.employer.id}/review`, { token: admin.token, json: { decision: 'approve' } }));
    assert.deepEqual(countsOf(await portraitData({ by: 'industry', size })), { T: 1 });
    const after = countsOf(await portraitData({ by: 'unit_nature', industry: 'T', province: '440000' }));
    // other suites may approve employers of the same industry and province meanwhile, but not
    // of this test's own: the bucket of its unit nature grew by at least one
    assert.ok((after[39] ?? 0) >= (before[39] ?? 0) + 1, `before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`);
    expectData(await put(`/employers/${f.employer.id}/relations`, { token: admin.token, json: { cooperation_level: 'ordinary' } }));
    assert.deepEqual(countsOf(await portraitData({ by: 'cooperation_level', size })), { ordinary: 1 });
  });

  describe('422 naming the parameter', () => {
    const cases = [
      ['by=foo', 'by', { by: 'foo' }],
      ['by=school (a destinations dimension)', 'by', { by: 'school' }],
      ['status=foo', 'status', { status: 'foo' }],
      ['status=ALL', 'status', { status: 'ALL' }],
      ['province=abc', 'province', { province: 'abc' }],
      ['province=3', 'province', { province: '3' }],
      ['province=012345', 'province', { province: '012345' }],
      ['province=3200001', 'province', { province: '3200001' }],
      ['industry=IT', 'industry', { industry: 'IT' }],
      ['unit_nature=12345', 'unit_nature', { unit_nature: '12345' }],
      ['size of 33 characters', 'size', { size: '规'.repeat(33) }],
      ['cooperation_level of 21 characters', 'cooperation_level', { cooperation_level: 'x'.repeat(21) }],
    ];
    for (const [what, field, query] of cases) {
      test(`${what} → 422 ${field}`, async () => {
        expectError(await portrait(query), 422, field);
      });
    }
  });

  describe('who may read', () => {
    test('staff with stats.view may; without it → 403, an admin too', async () => {
      const yes = await staffWith(admin.token, 'counselor', ['stats.view']);
      assert.deepEqual(countsOf(await portraitData({ by: 'industry', size: SIZE }, yes.token)), { T: 2, R: 1 });
      const no = await staffWith(admin.token, 'counselor', ['students.view']);
      expectError(await portrait({}, no.token), 403);
      const a = await staffWith(admin.token, 'admin', ['employers.review']);
      expectError(await portrait({}, a.token), 403);
    });

    test('an advisor may without stats.view (employers are no major\'s)', async () => {
      const m = await createMajor(admin.token);
      const adv = await advisorFor(admin.token, [m.id]);
      assert.deepEqual(countsOf(await portraitData({ by: 'unit_nature', size: SIZE }, adv.token)), { 32: 2, 21: 1 });
    });

    test('a student and an employer → 403; no token → 401', async () => {
      expectError(await portrait({}, (await student()).token), 403);
      expectError(await portrait({}, (await employer()).token), 403);
      expectError(await portrait({}, co.a.token), 403);
      expectError(await get('/stats/employers'), 401);
    });
  });
});

/* ====================================================================================== */
/* GET /stats/destinations                                                                */
/* ====================================================================================== */

const SCHOOL_A = `南京大学${RUN}`;
const SCHOOL_B = `香港大学${RUN}`;
const destinations = (query, token = admin.token) => destinationsAs(token, { year: YEAR, ...query });
const dest = async (query, token) => statRows(await destinations(query, token), DESTINATION_ROW_KEYS);
const employment = async (query, token = admin.token) => expectData(await get('/stats/employment', { token, query: { year: YEAR, ...query } }));

// A college of its own with two majors of YEAR and their students placed:
//   m1: 10 (T 32 广东), 11 (T 32 浙江), 12 (R 21 广东), 75 (no employer), 80 (school A),
//       85 (school B), 70, none
//   m2: 10 (I 39 江苏, employmentBody's employer), none
// {college, m1, m2, s1, s2}
async function cohort() {
  const college = `去向学院${uniq('d')}`;
  const m1 = await createMajor(admin.token, { college, name: `去向甲${RUN}` });
  const m2 = await createMajor(admin.token, { college, name: `去向乙${RUN}` });
  const rows1 = Array.from({ length: 8 }, () => studentRow(m1, { graduation_year: YEAR }));
  const rows2 = Array.from({ length: 2 }, () => studentRow(m2, { graduation_year: YEAR }));
  const all = await importStudents(admin.token, [...rows1, ...rows2]);
  const c = { college, m1, m2, s1: all.slice(0, 8), s2: all.slice(8) };
  await place(c.s1[0], '10', { industry_code: 'T', unit_nature_code: '32', region_code: '440305' });
  await place(c.s1[1], '11', { industry_code: 'T', unit_nature_code: '32', region_code: '330106' });
  await place(c.s1[2], '12', { industry_code: 'R', unit_nature_code: '21', region_code: '440305' });
  await place(c.s1[3], '75');
  await place(c.s1[4], '80', { school: SCHOOL_A });
  await place(c.s1[5], '85', { school: SCHOOL_B });
  await place(c.s1[6], '70');
  await place(c.s2[0], '10');
  return c;
}

const place = async (s, code, over = {}) => expectData(await putEmployment(admin.token, s.id, employmentBody(code, over)));

// The expected breakdowns of a fresh cohort's m1.
const M1 = {
  category: { employed: 4, further_study: 2, pending: 2 },
  destination: { 10: 1, 11: 1, 12: 1, 75: 1, 80: 1, 85: 1, 70: 1, '': 1 },
  unit_nature: { 32: 2, 21: 1, '': 1 },
  industry: { T: 2, R: 1, '': 1 },
  province: { 440000: 2, 330000: 1, '': 1 },
  school: { [SCHOOL_A]: 1, [SCHOOL_B]: 1 },
  school_tier: { '': 2 }, // neither school is in the tier table
};

// The row of a major (group_by=major) or a college in GET /stats/employment.
async function employmentRow(c, which, token = admin.token) {
  if (which === 'college') return (await employment({}, token)).find((r) => r.key === c.college);
  return (await employment({ group_by: 'major' }, token)).find((r) => sameId(r.key, c[which].id));
}

describe('GET /stats/destinations: the graduate destinations', () => {
  let c;
  before(async () => {
    c = await cohort();
  });

  test('each breakdown of a major: counts and labels', async () => {
    const q = (by) => dest({ by, major_id: c.m1.id });
    for (const by of DESTINATION_DIMS) assert.deepEqual(countsOf(await q(by)), M1[by], `by=${by}`);

    assert.deepEqual(labelsOf(await q('category')), { employed: 'employed', further_study: 'further_study', pending: 'pending' });
    const byCode = labelsOf(await q('destination'));
    assert.equal(byCode[10], '签就业协议形式就业');
    assert.equal(byCode[80], '升学');
    assert.equal(byCode[70], '待就业');
    assert.equal(byCode[''], '未落实去向');
    assert.deepEqual(labelsOf(await q('unit_nature')), { 32: NATURE[32], 21: NATURE[21], '': '未填写' });
    assert.deepEqual(labelsOf(await q('industry')), { T: INDUSTRY.T, R: INDUSTRY.R, '': '未填写' });
    assert.deepEqual(labelsOf(await q('province')), { 440000: PROVINCE[440000], 330000: PROVINCE[330000], '': '未填写' });
    assert.deepEqual(labelsOf(await q('school')), { [SCHOOL_A]: SCHOOL_A, [SCHOOL_B]: SCHOOL_B });
    const employed = await q('category');
    assert.equal(employed[0].key, 'employed', 'most first');
  });

  test('by=school_tier: further study by the tier of the school as written; a school in no tier is 其他院校', async () => {
    const k = await cohort();
    await place(k.s1[6], '80', { school: '南京大学' }); // 70 → 80, a 985 university
    await place(k.s1[7], '85', { school: '苏州大学' }); // none → 85, a 211 university
    const tiers = await dest({ by: 'school_tier', major_id: k.m1.id });
    assert.deepEqual(countsOf(tiers), { '985高校': 1, '211高校': 1, '': 2 });
    assert.deepEqual(labelsOf(tiers), { '985高校': '985高校', '211高校': '211高校', '': '其他院校' });
    assert.equal(tiers[0].key, '', 'most first');
    assert.equal(totalOf(tiers), (await employmentRow(k, 'm1')).further_study, 'the tiers add up to further study');
    await place(k.s1[6], '10'); // further study → employed: out of the tiers
    assert.deepEqual(countsOf(await dest({ by: 'school_tier', major_id: k.m1.id })), { '211高校': 1, '': 2 });
  });

  test('by defaults to category; year to this year', async () => {
    assert.deepEqual(await dest({ major_id: c.m1.id }), await dest({ by: 'category', major_id: c.m1.id }));
    const now = await statRows(await destinationsAs(admin.token, { by: 'destination', major_id: c.m1.id }), DESTINATION_ROW_KEYS);
    assert.deepEqual(now, await dest({ by: 'destination', major_id: c.m1.id, year: thisYear() }));
  });

  test('the totals agree with GET /stats/employment for the same major and college', async () => {
    for (const [which, drill] of [['m1', { major_id: c.m1.id }], ['m2', { major_id: c.m2.id }], ['college', { college: c.college }]]) {
      const row = await employmentRow(c, which);
      assert.ok(row, `no employment row of ${which}`);
      assert.equal(row.employed + row.further_study + row.pending, row.total);
      const cat = countsOf(await dest({ by: 'category', ...drill }));
      assert.equal(cat.employed ?? 0, row.employed, `${which}: employed`);
      assert.equal(cat.further_study ?? 0, row.further_study, `${which}: further_study`);
      assert.equal(cat.pending ?? 0, row.pending, `${which}: pending`);
      assert.equal(totalOf(await dest({ by: 'destination', ...drill })), row.total, `${which}: by destination`);
      for (const by of ['unit_nature', 'industry', 'province']) {
        assert.equal(totalOf(await dest({ by, ...drill })), row.employed, `${which}: by=${by} counts the employed`);
      }
      for (const by of ['school', 'school_tier']) {
        assert.equal(totalOf(await dest({ by, ...drill })), row.further_study, `${which}: by=${by} counts further study`);
      }
    }
  });

  test('drilled into the college: both majors', async () => {
    const q = (by) => dest({ by, college: c.college });
    assert.deepEqual(countsOf(await q('category')), { employed: 5, further_study: 2, pending: 3 });
    assert.deepEqual(countsOf(await q('unit_nature')), { 32: 2, 21: 1, 39: 1, '': 1 });
    assert.deepEqual(countsOf(await q('province')), { 440000: 2, 330000: 1, 320000: 1, '': 1 });
    assert.deepEqual(countsOf(await q('destination')), { 10: 2, 11: 1, 12: 1, 75: 1, 80: 1, 85: 1, 70: 1, '': 2 });
    assert.deepEqual(countsOf(await dest({ by: 'industry', major_id: c.m2.id })), { I: 1 });
    // a college and a major of another college: nobody
    assert.deepEqual(await dest({ by: 'category', college: c.college, major_id: (await createMajor(admin.token)).id }), []);
    assert.deepEqual(countsOf(await dest({ by: 'category', college: c.college, major_id: c.m2.id })), { employed: 1, pending: 1 });
    assert.deepEqual(await dest({ by: 'category', college: `${c.college}无` }), []);
    assert.deepEqual(await dest({ by: 'category', major_id: 999999999999 }), []);
  });

  test('only the year asked for counts', async () => {
    const [later] = await importStudents(admin.token, [studentRow(c.m1, { graduation_year: YEAR + 1, enrolment_year: YEAR - 3 })]);
    await place(later, '10', { industry_code: 'T' });
    assert.deepEqual(countsOf(await dest({ by: 'category', major_id: c.m1.id })), M1.category);
    assert.deepEqual(countsOf(await dest({ by: 'industry', major_id: c.m1.id, year: YEAR + 1 })), { T: 1 });
    assert.deepEqual(await dest({ by: 'category', major_id: c.m1.id, year: YEAR - 10 }), []);
  });

  describe('advisors: only their majors', () => {
    test('an advisor of one major sees only it; the other major\'s drill-down is empty', async () => {
      const adv = await advisorFor(admin.token, [c.m1.id]);
      assert.deepEqual(countsOf(await dest({ by: 'category', college: c.college }, adv.token)), M1.category);
      assert.deepEqual(countsOf(await dest({ by: 'category' }, adv.token)), M1.category, 'undrilled: their majors only');
      assert.deepEqual(countsOf(await dest({ by: 'unit_nature', college: c.college }, adv.token)), M1.unit_nature);
      for (const by of DESTINATION_DIMS) {
        assert.deepEqual(await dest({ by, major_id: c.m2.id }, adv.token), [], `by=${by} of the other major`);
        assert.deepEqual(countsOf(await dest({ by, major_id: c.m1.id }, adv.token)), M1[by], `by=${by} of their major`);
      }
      // the office, asking the same questions, still sees both majors (the scope is in the cache key)
      assert.deepEqual(countsOf(await dest({ by: 'unit_nature', college: c.college })), { 32: 2, 21: 1, 39: 1, '': 1 });
      // and the advisor's figures agree with their employment rates
      const row = (await employment({}, adv.token)).find((r) => r.key === c.college);
      assert.equal(row.total, 8);
      assert.equal(row.employed, M1.category.employed);
    });

    test('a scope change applies on the next request', async () => {
      const adv = await advisorFor(admin.token, [c.m2.id]);
      assert.deepEqual(countsOf(await dest({ by: 'category', college: c.college }, adv.token)), { employed: 1, pending: 1 });
      await setScope(admin.token, adv.id, [c.m1.id, c.m2.id]);
      assert.deepEqual(countsOf(await dest({ by: 'category', college: c.college }, adv.token)), { employed: 5, further_study: 2, pending: 3 });
      await setScope(admin.token, adv.id, []);
      assert.deepEqual(await dest({ by: 'category' }, adv.token), []);
    });
  });

  describe('never stale: a write shows at once', () => {
    test('an employment update moves the student between buckets of every breakdown', async () => {
      const k = await cohort();
      const q = (by) => dest({ by, major_id: k.m1.id });
      for (const by of DESTINATION_DIMS) assert.deepEqual(countsOf(await q(by)), M1[by], `by=${by} before`); // cached now
      await place(k.s1[6], '10', { industry_code: 'A', unit_nature_code: '31', region_code: '330106' }); // 70 → 10
      assert.deepEqual(countsOf(await q('category')), { employed: 5, further_study: 2, pending: 1 });
      assert.deepEqual(countsOf(await q('destination')), { 10: 2, 11: 1, 12: 1, 75: 1, 80: 1, 85: 1, '': 1 });
      assert.deepEqual(countsOf(await q('industry')), { T: 2, R: 1, A: 1, '': 1 });
      assert.deepEqual(countsOf(await q('unit_nature')), { 32: 2, 21: 1, 31: 1, '': 1 });
      assert.deepEqual(countsOf(await q('province')), { 440000: 2, 330000: 2, '': 1 });
      await place(k.s1[0], '80', { school: SCHOOL_A }); // employed → further study
      assert.deepEqual(countsOf(await q('school')), { [SCHOOL_A]: 2, [SCHOOL_B]: 1 });
      assert.deepEqual(countsOf(await q('industry')), { T: 1, R: 1, A: 1, '': 1 });
      assert.deepEqual(countsOf(await q('category')), { employed: 4, further_study: 3, pending: 1 });
    });

    test('a student\'s own report counts once approved, as in the rates', async () => {
      const k = await cohort();
      const q = (by) => dest({ by, major_id: k.m1.id });
      assert.deepEqual(countsOf(await q('school')), M1.school);
      const acc = await cliAccount('student', { username: k.s1[7].student_no });
      const rep = expectData(await putEmployment(acc.token, k.s1[7].id, { destination_code: '80', school: SCHOOL_B }));
      assert.deepEqual(countsOf(await q('school')), M1.school, 'a report waiting for review does not count');
      assert.deepEqual(countsOf(await q('category')), M1.category);
      expectData(await post('/employment/reviews', { token: admin.token, json: { ids: [rep.id], decision: 'approve' } }));
      assert.deepEqual(countsOf(await q('school')), { [SCHOOL_A]: 1, [SCHOOL_B]: 2 });
      assert.deepEqual(countsOf(await q('category')), { employed: 4, further_study: 3, pending: 1 });
    });

    test('a student of an inactive status (休学) drops out of every breakdown', async () => {
      const k = await cohort();
      const q = (by) => dest({ by, major_id: k.m1.id });
      for (const by of DESTINATION_DIMS) assert.deepEqual(countsOf(await q(by)), M1[by], `by=${by} before`);
      await setStatus(admin.token, k.s1[0].id, '休学', '因病休学'); // 10, T 32 广东
      await setStatus(admin.token, k.s1[4].id, '休学', '因病休学'); // 80, school A
      await setStatus(admin.token, k.s1[7].id, '休学', '因病休学'); // no destination
      assert.deepEqual(countsOf(await q('category')), { employed: 3, further_study: 1, pending: 1 });
      assert.deepEqual(countsOf(await q('destination')), { 11: 1, 12: 1, 75: 1, 85: 1, 70: 1 });
      assert.deepEqual(countsOf(await q('industry')), { T: 1, R: 1, '': 1 });
      assert.deepEqual(countsOf(await q('unit_nature')), { 32: 1, 21: 1, '': 1 });
      assert.deepEqual(countsOf(await q('province')), { 440000: 1, 330000: 1, '': 1 });
      assert.deepEqual(countsOf(await q('school')), { [SCHOOL_B]: 1 });
      const row = await employmentRow(k, 'm1');
      assert.equal(row.total, 5);
      assert.equal(row.employed, 3);
      assert.equal(row.further_study, 1);
      // back to 在读: counted again
      await setStatus(admin.token, k.s1[0].id, '在读', '复学');
      assert.deepEqual(countsOf(await q('industry')), { T: 2, R: 1, '': 1 });
    });

    test('an import shows at once', async () => {
      const k = await cohort();
      assert.deepEqual(countsOf(await dest({ by: 'destination', major_id: k.m2.id })), { 10: 1, '': 1 });
      await importStudents(admin.token, [studentRow(k.m2, { graduation_year: YEAR }), studentRow(k.m2, { graduation_year: YEAR })]);
      assert.deepEqual(countsOf(await dest({ by: 'destination', major_id: k.m2.id })), { 10: 1, '': 3 });
      assert.deepEqual(countsOf(await dest({ by: 'category', college: k.college })), { employed: 5, further_study: 2, pending: 5 });
    });
  });

  describe('422 naming the parameter', () => {
    const cases = [
      ['by=foo', 'by', { by: 'foo' }],
      ['by=size (an employer dimension)', 'by', { by: 'size' }],
      ['year=abc', 'year', { year: 'abc' }],
      ['year=1989', 'year', { year: 1989 }],
      ['year=2101', 'year', { year: 2101 }],
      ['major_id=abc', 'major_id', { major_id: 'abc' }],
      ['major_id=0', 'major_id', { major_id: 0 }],
      ['major_id=-1', 'major_id', { major_id: -1 }],
      ['major_id=1.5', 'major_id', { major_id: '1.5' }],
      ['college of 101 characters', 'college', { college: '院'.repeat(101) }],
    ];
    for (const [what, field, query] of cases) {
      test(`${what} → 422 ${field}`, async () => {
        expectError(await destinations(query), 422, field);
      });
    }
  });

  describe('who may read', () => {
    test('staff with stats.view may, with the office\'s figures; without it → 403, an admin too', async () => {
      const yes = await staffWith(admin.token, 'counselor', ['stats.view']);
      assert.deepEqual(countsOf(await dest({ by: 'unit_nature', major_id: c.m1.id }, yes.token)), M1.unit_nature);
      const no = await staffWith(admin.token, 'counselor', ['students.view']);
      expectError(await destinations({}, no.token), 403);
      const a = await staffWith(admin.token, 'admin', ['students.view']);
      expectError(await destinations({}, a.token), 403);
    });

    test('a student and an employer → 403; no token → 401', async () => {
      expectError(await destinations({}, (await student()).token), 403);
      expectError(await destinations({}, (await employer()).token), 403);
      expectError(await get('/stats/destinations'), 401);
    });
  });
});

// Whatever the tests above wrote, the statistics' tallies still count the records exactly.
test('the tallies the triggers keep match the records', () => expectTalliesMatch());
