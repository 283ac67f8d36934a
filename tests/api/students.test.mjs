// tests/api/students.test.mjs: GET /students (学生名单: filters, masking, scope) and
// GET /students/{id} (one record, for staff and for the student themself)
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  RUN, cliAccount, createMajor, expectData, expectError, expectList, get, lazy, login,
} from './lib.mjs';
import {
  advisorFor, employmentBody, expectTalliesMatch, idCard, importStudents, putEmployment, setScope,
  staffWith, studentRow,
} from './records.mjs';

const ROW_KEYS = [
  'id', 'student_no', 'name', 'gender', 'graduation_year', 'enrolment_year', 'level', 'college',
  'major_id', 'major', 'status', 'phone', 'id_card', 'email', 'origin_region_code', 'political_status',
  'destination_code', 'destination_name', 'destination_category',
];

// 138****5678, 320***********1234: the first 3 and last 4 characters kept.
const masked = (s) => s.slice(0, 3) + '*'.repeat(s.length - 7) + s.slice(-4);

function checkRow(s, row, major) {
  for (const k of ROW_KEYS) assert.ok(Object.hasOwn(s, k), `student lacks "${k}": ${JSON.stringify(s)}`);
  assert.ok(Number.isInteger(s.id) && s.id > 0, `id: ${s.id}`);
  assert.equal(s.student_no, row.student_no);
  assert.equal(s.name, row.name);
  assert.equal(s.graduation_year, row.graduation_year);
  assert.equal(s.enrolment_year, row.enrolment_year);
  assert.equal(s.level, major.level);
  assert.equal(s.college, major.college);
  assert.equal(s.major, major.name);
  assert.equal(Number(s.major_id), major.id);
  assert.equal(s.email, row.email);
  assert.equal(s.origin_region_code, row.origin_region_code);
  assert.equal(s.status, '在读');
}

let admin; // CLI admin: every item, students.sensitive included
let viewer; // admin with students.view only (no students.sensitive)
let college; // the college of majorA and majorB, unique to this run
let majorA;
let majorB;
let majorC; // another college
let rows; // {a1, a2, b1, c1}: the rows imported
let st; // the same students as GET /students lists them
const nos = () => Object.values(rows).map((r) => r.student_no);

const employer = lazy(() => cliAccount('employer'));
const counselorWithout = lazy(() => staffWith(admin.token, 'counselor', ['students.export']));
const counselorWith = lazy(() => staffWith(admin.token, 'counselor', ['students.view']));

before(async () => {
  admin = await cliAccount('admin');
  viewer = await staffWith(admin.token, 'admin', ['students.view']);
  college = `名录学院${RUN}`;
  majorA = await createMajor(admin.token, { college, name: `名录甲专业${RUN}` });
  majorB = await createMajor(admin.token, { college, name: `名录乙专业${RUN}` });
  majorC = await createMajor(admin.token, { college: `名录丙学院${RUN}`, name: `名录丙专业${RUN}` });
  rows = {
    a1: studentRow(majorA, { name: `名录${RUN}甲一`, phone: '13812345678', id_card: idCard({ gender: '女' }) }),
    a2: studentRow(majorA, { name: `名录${RUN}甲二`, graduation_year: 2027, enrolment_year: 2023 }),
    b1: studentRow(majorB, { name: `名录${RUN}乙一` }),
    c1: studentRow(majorC, { name: `名录${RUN}丙一` }),
  };
  const list = await importStudents(admin.token, Object.values(rows));
  st = Object.fromEntries(Object.keys(rows).map((k, i) => [k, list[i]]));
});

const list = (query, token = admin.token) => get('/students', { token, query });
const listNos = async (query, token = admin.token) => {
  const { data } = expectList(await list(query, token));
  return data.map((s) => s.student_no).sort();
};
const only = (...keys) => keys.map((k) => rows[k].student_no).sort();

describe('GET /students', () => {
  test('rows carry every field, as imported; a CLI admin sees phone and ID card in full', async () => {
    const { data, meta } = expectList(await list({ student_nos: nos().join(',') }));
    assert.equal(meta.total, 4);
    for (const [k, major] of [['a1', majorA], ['a2', majorA], ['b1', majorB], ['c1', majorC]]) {
      const s = data.find((x) => x.student_no === rows[k].student_no);
      assert.ok(s, `${k} missing: ${JSON.stringify(data)}`);
      checkRow(s, rows[k], major);
      assert.equal(s.phone, rows[k].phone);
      assert.equal(s.id_card, rows[k].id_card);
      assert.equal(s.destination_code, null);
      assert.equal(s.destination_category, 'pending');
    }
    const a1 = data.find((x) => x.student_no === rows.a1.student_no);
    assert.equal(a1.gender, '女', 'gender derived from the ID card (even 17th digit)');
  });

  test('without students.sensitive phone and ID card are masked (first 3 and last 4 kept)', async () => {
    const { data } = expectList(await list({ student_nos: rows.a1.student_no }, viewer.token));
    assert.equal(data.length, 1);
    assert.equal(data[0].phone, '138****5678');
    assert.equal(data[0].id_card, masked(rows.a1.id_card));
    assert.match(data[0].id_card, /^\d{3}\*{11}[\dX]{4}$/);
    assert.equal(data[0].name, rows.a1.name, 'the name is not masked');
  });

  describe('filters', () => {
    test('student_nos takes a pasted list: commas, spaces and line breaks', async () => {
      const pasted = `${rows.a1.student_no}\n${rows.b1.student_no}  ${rows.c1.student_no},\r\n${rows.a2.student_no}`;
      assert.deepEqual(await listNos({ student_nos: pasted }), only('a1', 'a2', 'b1', 'c1'));
      assert.deepEqual(await listNos({ student_nos: `${rows.b1.student_no}, ${rows.c1.student_no}` }), only('b1', 'c1'));
    });

    test('year', async () => {
      assert.deepEqual(await listNos({ student_nos: nos().join(','), year: 2027 }), only('a2'));
      assert.deepEqual(await listNos({ student_nos: nos().join(','), year: 2026 }), only('a1', 'b1', 'c1'));
    });

    test('college (Chinese in the query string)', async () => {
      assert.deepEqual(await listNos({ college }), only('a1', 'a2', 'b1'));
      assert.deepEqual(await listNos({ college, year: 2026 }), only('a1', 'b1'));
    });

    test('major_id', async () => {
      assert.deepEqual(await listNos({ major_id: majorA.id }), only('a1', 'a2'));
      assert.deepEqual(await listNos({ major_id: majorC.id }), only('c1'));
    });

    test('q: the name contains it', async () => {
      assert.deepEqual(await listNos({ q: `${RUN}乙` }), only('b1'));
      assert.deepEqual(await listNos({ q: `名录${RUN}` }), only('a1', 'a2', 'b1', 'c1'));
    });

    test('q: a student-number prefix; a part from the middle does not match', async () => {
      assert.deepEqual(await listNos({ q: rows.c1.student_no }), only('c1'));
      const prefix = rows.a1.student_no.slice(0, -3);
      const got = await listNos({ q: prefix, per_page: 200 });
      for (const no of only('a1', 'a2', 'b1', 'c1')) assert.ok(got.includes(no), `${no} not found by prefix ${prefix}`);
      for (const no of got) assert.ok(no.startsWith(prefix), `${no} does not start with ${prefix}`);
      assert.deepEqual(await listNos({ q: rows.c1.student_no.slice(2) }), []);
    });

    test('status: active by default; one status name; all', async () => {
      const q = { student_nos: nos().join(',') };
      assert.deepEqual(await listNos(q), only('a1', 'a2', 'b1', 'c1'));
      assert.deepEqual(await listNos({ ...q, status: '在读' }), only('a1', 'a2', 'b1', 'c1'));
      assert.deepEqual(await listNos({ ...q, status: 'all' }), only('a1', 'a2', 'b1', 'c1'));
      assert.deepEqual(await listNos({ ...q, status: '休学' }), []);
    });

    test('an empty result is an empty page', async () => {
      const { data, meta } = expectList(await list({ college: `无此学院${RUN}` }));
      assert.deepEqual(data, []);
      assert.equal(meta.total, 0);
    });

    test('pages: per_page 2 gives 2 then 1 row, all different', async () => {
      const p1 = expectList(await list({ college, per_page: 2, page: 1 }));
      const p2 = expectList(await list({ college, per_page: 2, page: 2 }));
      assert.deepEqual([p1.data.length, p2.data.length], [2, 1]);
      assert.deepEqual([p1.meta.total, p2.meta.total], [3, 3]);
      assert.deepEqual([p1.meta.page, p2.meta.page, p1.meta.per_page], [1, 2, 2]);
      assert.equal(new Set([...p1.data, ...p2.data].map((s) => s.id)).size, 3);
    });

    describe('destination and list=not_employed', () => {
      before(async () => {
        expectData(await putEmployment(admin.token, st.b1.id, employmentBody('10')));
        expectData(await putEmployment(admin.token, st.c1.id, employmentBody('80')));
        expectData(await putEmployment(admin.token, st.a2.id, employmentBody('70')));
      });
      const all = () => ({ student_nos: nos().join(',') });

      test('the row shows the destination', async () => {
        const { data } = expectList(await list({ student_nos: rows.b1.student_no }));
        assert.equal(data[0].destination_code, '10');
        assert.equal(data[0].destination_name, '签就业协议形式就业');
        assert.equal(data[0].destination_category, 'employed');
        const c = expectList(await list({ student_nos: rows.c1.student_no })).data[0];
        assert.equal(c.destination_code, '80');
        assert.equal(c.destination_category, 'further_study');
      });

      test('destination=employed | further_study | pending', async () => {
        assert.deepEqual(await listNos({ ...all(), destination: 'employed' }), only('b1'));
        assert.deepEqual(await listNos({ ...all(), destination: 'further_study' }), only('c1'));
        assert.deepEqual(await listNos({ ...all(), destination: 'pending' }), only('a1', 'a2'));
      });

      test('destination as a code', async () => {
        assert.deepEqual(await listNos({ ...all(), destination: '10' }), only('b1'));
        assert.deepEqual(await listNos({ ...all(), destination: '80' }), only('c1'));
        assert.deepEqual(await listNos({ ...all(), destination: '70' }), only('a2'));
        assert.deepEqual(await listNos({ ...all(), destination: '11' }), []);
      });

      test('list=not_employed leaves out the employed and further study', async () => {
        assert.deepEqual(await listNos({ ...all(), list: 'not_employed' }), only('a1', 'a2'));
      });
    });
  });

  describe('422 naming the parameter', () => {
    const cases = [
      ['year=abc', 'year', { year: 'abc' }],
      ['per_page=500', 'per_page', { per_page: 500 }],
      ['per_page=0', 'per_page', { per_page: 0 }],
      ['page=0', 'page', { page: 0 }],
      ['major_id=-1', 'major_id', { major_id: -1 }],
      ['major_id=abc', 'major_id', { major_id: 'abc' }],
      ['list=foo', 'list', { list: 'foo' }],
    ];
    for (const [what, field, query] of cases) {
      test(`${what} → 422 ${field}`, async () => {
        expectError(await list(query), 422, field);
      });
    }
  });

  describe('who may list', () => {
    test('a counselor with students.view may; without it → 403', async () => {
      assert.deepEqual(await listNos({ college }, (await counselorWith()).token), only('a1', 'a2', 'b1'));
      expectError(await list({ college }, (await counselorWithout()).token), 403);
    });

    test('an admin without students.view → 403', async () => {
      const a = await staffWith(admin.token, 'admin', ['students.export']);
      expectError(await list({ college }, a.token), 403);
    });

    test('a student → 403', async () => {
      const s = await cliAccount('student', { username: `2097${Date.now().toString().slice(-8)}` });
      expectError(await list({}, s.token), 403);
    });

    test('an employer → 403', async () => {
      expectError(await list({}, (await employer()).token), 403);
    });

    test('no token → 401', async () => {
      expectError(await get('/students'), 401);
    });
  });

  describe('advisors: their majors are their limit', () => {
    test('an advisor without any item lists only the students of their majors (also through student_nos)', async () => {
      const adv = await advisorFor(admin.token, [majorA.id]);
      assert.deepEqual(await listNos({ student_nos: nos().join(',') }, adv.token), only('a1', 'a2'));
      assert.deepEqual(await listNos({ college }, adv.token), only('a1', 'a2'));
      assert.deepEqual(await listNos({ major_id: majorC.id }, adv.token), []);
      const { meta } = expectList(await list({ per_page: 200 }, adv.token));
      assert.equal(meta.total, 2, 'an advisor of one major with two students sees two in all');
    });

    test('an advisor sees phone and ID card masked without students.sensitive, plain with it', async () => {
      const plain = await advisorFor(admin.token, [majorA.id]);
      const s1 = expectList(await list({ student_nos: rows.a1.student_no }, plain.token)).data[0];
      assert.equal(s1.phone, '138****5678');
      assert.equal(s1.id_card, masked(rows.a1.id_card));
      const sens = await advisorFor(admin.token, [majorA.id], ['students.sensitive']);
      const s2 = expectList(await list({ student_nos: rows.a1.student_no }, sens.token)).data[0];
      assert.equal(s2.phone, '13812345678');
      assert.equal(s2.id_card, rows.a1.id_card);
    });

    test('a scope change applies on the next request with the same token', async () => {
      const adv = await advisorFor(admin.token, [majorA.id]);
      assert.deepEqual(await listNos({ student_nos: nos().join(',') }, adv.token), only('a1', 'a2'));
      await setScope(admin.token, adv.id, [majorB.id, majorC.id]);
      assert.deepEqual(await listNos({ student_nos: nos().join(',') }, adv.token), only('b1', 'c1'));
      await setScope(admin.token, adv.id, []);
      assert.deepEqual(await listNos({ student_nos: nos().join(',') }, adv.token), []);
    });
  });
});

describe('GET /students/{id}', () => {
  const one = (id, token = admin.token) => get(`/students/${id}`, { token });

  test('the record: the list fields plus dispatch, employment and pending_employment', async () => {
    const s = expectData(await one(st.a1.id));
    checkRow(s, rows.a1, majorA);
    assert.equal(s.id, st.a1.id);
    assert.equal(s.phone, rows.a1.phone);
    assert.equal(s.id_card, rows.a1.id_card);
    for (const k of ['dispatch', 'employment', 'pending_employment']) {
      assert.ok(Object.hasOwn(s, k), `record lacks "${k}": ${JSON.stringify(s)}`);
    }
    assert.equal(s.pending_employment, null);
  });

  test('a student with no approved employment record has employment null', async () => {
    const s = expectData(await one(st.a1.id));
    assert.equal(s.employment, null, `employment: ${JSON.stringify(s.employment)}`);
  });

  test('employment is the current approved record', async () => {
    expectData(await putEmployment(admin.token, st.b1.id, employmentBody('10')));
    const s = expectData(await one(st.b1.id));
    assert.ok(s.employment && typeof s.employment === 'object', `employment: ${JSON.stringify(s.employment)}`);
    assert.equal(s.employment.destination_code, '10');
    assert.equal(s.employment.employer_name, `测试单位${RUN}`);
    assert.equal(s.employment.review_state, 'approved');
    assert.equal(s.destination_code, '10');
  });

  test('masked without students.sensitive', async () => {
    const s = expectData(await one(st.a1.id, viewer.token));
    assert.equal(s.phone, '138****5678');
    assert.equal(s.id_card, masked(rows.a1.id_card));
  });

  test('absent, zero and non-numeric ids → 404', async () => {
    expectError(await one(2_000_000_000), 404);
    expectError(await one(0), 404);
    expectError(await one('abc'), 404);
    expectError(await one(`${st.a1.id}x`), 404);
  });

  test('an advisor reads a record of their majors; outside them → 404; a scope change applies at once', async () => {
    const adv = await advisorFor(admin.token, [majorA.id]);
    assert.equal(expectData(await one(st.a1.id, adv.token)).student_no, rows.a1.student_no);
    expectError(await one(st.b1.id, adv.token), 404);
    expectError(await one(st.c1.id, adv.token), 404);
    await setScope(admin.token, adv.id, [majorB.id]);
    expectError(await one(st.a1.id, adv.token), 404);
    assert.equal(expectData(await one(st.b1.id, adv.token)).student_no, rows.b1.student_no);
  });

  test('a counselor needs students.view', async () => {
    assert.equal(expectData(await one(st.a1.id, (await counselorWith()).token)).id, st.a1.id);
    expectError(await one(st.a1.id, (await counselorWithout()).token), 403);
  });

  test('an employer → 403; no token → 401', async () => {
    expectError(await one(st.a1.id, (await employer()).token), 403);
    expectError(await get(`/students/${st.a1.id}`), 401);
  });

  describe('the student themself', () => {
    let me;
    before(async () => {
      // The import made the account (pending); the CLI gives it a password and activates it.
      me = await cliAccount('student', { username: rows.c1.student_no });
    });

    test('signs in and reads their own record', async () => {
      const s = expectData(await one(st.c1.id, me.token));
      assert.equal(s.id, st.c1.id);
      assert.equal(s.student_no, rows.c1.student_no);
      assert.equal(s.name, rows.c1.name);
      assert.ok(Object.hasOwn(s, 'employment') && Object.hasOwn(s, 'pending_employment'), JSON.stringify(s));
    });

    test('another student\'s record → 404, also one of the same major', async () => {
      expectError(await one(st.a1.id, me.token), 404);
      expectError(await one(st.b1.id, me.token), 404);
    });

    test('cannot list students → 403', async () => {
      expectError(await list({ student_nos: rows.c1.student_no }, me.token), 403);
    });

    test('signing in again with the same password works (the account is active)', async () => {
      const again = await login(me.username, me.password);
      assert.equal(expectData(await one(st.c1.id, again.token)).id, st.c1.id);
    });
  });
});

// Whatever the tests above wrote, the statistics' tallies still count the records exactly.
test('the tallies the triggers keep match the records', () => expectTalliesMatch());
