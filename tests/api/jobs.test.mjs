// tests/api/jobs.test.mjs: GET /api/v1/jobs, the public job list (fixtures.sql holds the jobs
// until employers can post them).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectError, expectList, get, redisCommand, rootSql } from './lib.mjs';

const fixtures = (rows) => rows.filter((j) => j.title.startsWith('FIXTURE'));

test('GET /jobs needs no token and lists only approved jobs of employers that are in', async () => {
  const { data, meta } = expectList(await get('/jobs?per_page=200'));
  const titles = fixtures(data).map((j) => j.title);
  assert.ok(titles.includes('FIXTURE后端开发工程师'), titles.join());
  assert.ok(titles.includes('FIXTURE会计'), titles.join());
  assert.ok(!titles.includes('FIXTURE待审核职位'), 'a pending job is listed');
  assert.ok(!titles.includes('FIXTURE未入驻单位职位'), 'a job of an employer not yet approved is listed');
  assert.ok(meta.total >= 2);
});

test('a job is public only while its employer is in: its listing follows the employer\'s state (sql/028)', async () => {
  const publicTitles = async () => {
    redisCommand('INCR', 'qiao:jobs:version'); // the state is changed below the API: no answer cached before counts
    const { data, meta } = expectList(await get('/jobs?per_page=200&q=FIXTURE'));
    return { titles: fixtures(data).map((j) => j.title), total: meta.total };
  };
  const before = await publicTitles();
  const dev = expectList(await get('/jobs?per_page=200')).data.find((j) => j.title === 'FIXTURE后端开发工程师');
  const theirs = Number(rootSql(`SELECT COUNT(*) FROM jobs WHERE employer_id = ${dev.employer_id} AND listed = 1 AND title LIKE 'FIXTURE%'`));
  assert.ok(theirs >= 1);
  try {
    rootSql(`UPDATE employers SET status = 'pending' WHERE id = ${dev.employer_id}`);
    const out = await publicTitles();
    assert.ok(!out.titles.includes('FIXTURE后端开发工程师'), 'a job of an employer no longer in is listed');
    assert.equal(out.total, before.total - theirs);
  } finally {
    rootSql(`UPDATE employers SET status = 'approved' WHERE id = ${dev.employer_id}`);
  }
  assert.deepEqual(await publicTitles(), before);
});

test('GET /jobs orders by refresh time, newest first, and carries the employer and majors', async () => {
  const { data } = expectList(await get('/jobs?per_page=200'));
  const times = data.map((j) => Date.parse(j.refreshed_at));
  assert.deepEqual(times, [...times].sort((a, b) => b - a));
  const dev = data.find((j) => j.title === 'FIXTURE后端开发工程师');
  assert.equal(dev.employer_name, '测试用人单位有限公司');
  assert.deepEqual(dev.majors, ['软件工程']);
  assert.equal(dev.salary_min, 6000);
  assert.equal(dev.degree, '本科');
});

test('GET /jobs filters by city, major and a literal part of the title', async () => {
  const byCity = fixtures(expectList(await get(`/jobs?per_page=200&city=${encodeURIComponent('上海')}`)).data);
  assert.deepEqual(byCity.map((j) => j.title), ['FIXTURE会计']);
  const byMajor = fixtures(expectList(await get(`/jobs?per_page=200&major=${encodeURIComponent('软件工程')}`)).data);
  assert.deepEqual(byMajor.map((j) => j.title), ['FIXTURE后端开发工程师']);
  const byQ = expectList(await get(`/jobs?q=${encodeURIComponent('FIXTURE会')}`));
  assert.deepEqual(byQ.data.map((j) => j.title), ['FIXTURE会计']);
  assert.equal(byQ.meta.total, 1);
  const punctuation = expectList(await get(`/jobs?q=${encodeURIComponent('%_！')}`));
  assert.equal(punctuation.meta.total, 0, 'a q of punctuation alone finds nothing, not everything');
});

test('GET /jobs finds Chinese by its characters: a word inside the title, the employer\'s name, a major, any case', async () => {
  const titles = async (q) => fixtures(expectList(await get('/jobs', { query: { q, per_page: 200 } })).data).map((j) => j.title).sort();
  assert.deepEqual(await titles('开发'), ['FIXTURE后端开发工程师']);
  assert.deepEqual(await titles('发工'), ['FIXTURE后端开发工程师'], 'a pair across words of the title');
  assert.deepEqual(await titles('工程师 fixture'), ['FIXTURE后端开发工程师']);
  assert.deepEqual(await titles('fixt'), ['FIXTURE会计', 'FIXTURE后端开发工程师'], 'the last Latin word is a prefix');
  assert.deepEqual(await titles('测试用人单位 会计'), ['FIXTURE会计']);
  assert.deepEqual(await titles('软件工程 FIXTURE'), ['FIXTURE后端开发工程师']);
  assert.deepEqual(await titles('开发 会计'), [], 'every word must be found');
  assert.deepEqual(await titles('ＦＩＸＴＵＲＥ会'), ['FIXTURE会计'], 'full-width letters read as Latin');
  // Eleven pairs: four checked one by one, the rest together; 龟龟 (in no job) sorts last of
  // twelve and is not among the eight whose jobs are counted, so it is checked with the rest.
  assert.deepEqual(await titles('后端开发工程师 测试用人单位'), ['FIXTURE后端开发工程师']);
  assert.deepEqual(await titles('后端开发工程师 测试用人单位 龟龟'), [], 'a word checked with the rest');
  assert.deepEqual(await titles('会 fixt'), ['FIXTURE会计'], 'an exact term read first, a prefix checked');
});

test('GET /jobs pages, and the same question answered twice gives the same page', async () => {
  const first = expectList(await get('/jobs?per_page=1&page=1'));
  const again = expectList(await get('/jobs?per_page=1&page=1'));
  assert.deepEqual(again.data, first.data);
  assert.equal(first.data.length, 1);
  const second = expectList(await get('/jobs?per_page=1&page=2'));
  assert.notEqual(second.data[0].id, first.data[0].id);
});

test('GET /jobs refuses bad paging and overlong filters with 422 naming the parameter', async () => {
  expectError(await get('/jobs?page=0'), 422, 'page');
  expectError(await get('/jobs?per_page=201'), 422, 'per_page');
  expectError(await get(`/jobs?q=${'x'.repeat(101)}`), 422, 'q');
  expectError(await get(`/jobs?city=${'x'.repeat(65)}`), 422, 'city');
});

test('GET /jobs filters by the degree a job is open to and by the least monthly salary', async () => {
  const titles = async (query) => fixtures(expectList(await get('/jobs', { query: { per_page: 200, ...query } })).data).map((j) => j.title).sort();
  const both = ['FIXTURE会计', 'FIXTURE后端开发工程师'];
  // Both fixture jobs ask for 本科 and pay 6000–9000 a month.
  assert.deepEqual(await titles({ degree: '本科' }), both);
  assert.deepEqual(await titles({ degree: '硕士' }), both, 'a master may take a job asking for a bachelor');
  assert.deepEqual(await titles({ degree: '专科' }), [], 'a job asking for a bachelor is not open to 专科');
  assert.deepEqual(await titles({ salary_min: 9000 }), both);
  assert.deepEqual(await titles({ salary_min: 9001 }), []);
  assert.deepEqual(await titles({ degree: '本科', salary_min: 6000, city: '上海' }), ['FIXTURE会计']);
  // Words in a city with few jobs: the city's jobs are read first, each word checked in them.
  assert.deepEqual(await titles({ q: '会计 fixture', city: '上海', degree: '本科' }), ['FIXTURE会计']);
  assert.deepEqual(await titles({ q: '开发 fixture', city: '上海' }), []);
  assert.deepEqual(await titles({ q: '会计', city: '上海', salary_min: 9001 }), []);
  expectError(await get('/jobs', { query: { degree: '高中' } }), 422, 'degree');
  expectError(await get('/jobs?salary_min=-1'), 422, 'salary_min');
  expectError(await get('/jobs?salary_min=abc'), 422, 'salary_min');
});
