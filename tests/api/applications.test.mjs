// tests/api/applications.test.mjs: students' resumes (seed manual §2.9) and applications to jobs
// (§4.4): a resume starts from the record; one application per job (409 on a second); the
// employer sees only applications to its own jobs and only the contact details shared; the
// states move forward by the employer, to withdrawn by the student, never back (409).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  RUN, cliAccount, createMajor, expectData, expectError, expectList, get, post, put, show,
} from './lib.mjs';
import {
  advisorFor, expectTalliesMatch, expectValidationWithoutField, importStudents, staffWith, studentRow,
} from './records.mjs';
import { registered } from './recruitment.mjs';

let admin;
let major;
let company; // an approved employer with an approved job …
let job;
let closedJob; // … and one whose deadline has passed
let rival; // another approved employer

async function studentWithAccount(m = major) {
  const [s] = await importStudents(admin.token, [studentRow(m)]);
  const acc = await cliAccount('student', { username: s.student_no });
  return { s, token: acc.token };
}

async function approvedJob(c, over = {}) {
  const j = expectData(await post('/jobs', { token: c.token, json: { title: `投递测试职位${RUN}`, description: '用于简历投递测试的职位。', city: '南京', ...over } }), 201);
  expectData(await post(`/admin/jobs/${j.id}/review`, { token: admin.token, json: { decision: 'approve' } }));
  return j;
}

async function approvedCompany() {
  const c = await registered();
  expectData(await post(`/admin/employers/${c.employer.id}/review`, { token: admin.token, json: { decision: 'approve' } }));
  return c;
}

before(async () => {
  admin = await cliAccount('admin');
  major = await createMajor(admin.token, { college: `投递学院${RUN}`, name: `投递专业${RUN}` });
  company = await approvedCompany();
  rival = await approvedCompany();
  job = await approvedJob(company);
  closedJob = await approvedJob(company, { deadline: '2020-01-01' });
});

const RESUME = {
  title: '后端开发方向简历', summary: '熟悉C与数据库', expected_city: '南京', expected_industry: 'I',
  skills: ['C', 'MariaDB'], experience: [{ organisation: '某科技公司', role: '实习生', start: '2025-07', end: '2025-09', description: '写接口' }],
};
const apply = (token, jobId, json) => post(`/jobs/${jobId}/applications`, { token, json });
const setState = (token, id, json) => put(`/applications/${id}/state`, { token, json });

describe('resumes', () => {
  test('a student makes a resume: education starts from the record; edits; lists own', async () => {
    const st = await studentWithAccount();
    const r = expectData(await post('/resumes', { token: st.token, json: RESUME }), 201);
    assert.equal(r.title, RESUME.title);
    assert.equal(r.recommended, false);
    assert.deepEqual(r.content.skills, RESUME.skills);
    assert.equal(r.content.education.length, 1);
    assert.equal(r.content.education[0].major, major.name);
    assert.equal(r.content.education[0].end_year, st.s.graduation_year);
    const lines = expectData(await put(`/resumes/${r.id}`, { token: st.token, json: { summary: '第一段\n第二段', experience: [{ description: '一\n二' }] } }));
    assert.equal(lines.summary, '第一段\n第二段', 'paragraphs keep their line breaks');
    expectError(await put(`/resumes/${r.id}`, { token: st.token, json: { title: '标题\n换行' } }), 422, 'title');
    const edited = expectData(await put(`/resumes/${r.id}`, { token: st.token, json: { summary: null, projects: [{ name: '招聘系统' }] } }));
    assert.equal(edited.summary, null);
    assert.deepEqual(edited.content.projects, [{ name: '招聘系统' }]);
    assert.deepEqual(edited.content.skills, RESUME.skills);
    assert.deepEqual(expectData(await get('/resumes', { token: st.token })).map((x) => x.id), [r.id]);
  });

  test('bad fields → 422 naming each; another student 404; staff of other majors 404', async () => {
    const st = await studentWithAccount();
    for (const [field, value] of Object.entries({ title: '', expected_industry: 'Z', skills: 'C', experience: [{ boss: 'x' }], recommended: true, student_id: 1 })) {
      expectError(await post('/resumes', { token: st.token, json: { ...RESUME, [field]: value } }), 422, field);
    }
    const r = expectData(await post('/resumes', { token: st.token, json: RESUME }), 201);
    const other = await studentWithAccount();
    expectError(await get(`/resumes/${r.id}`, { token: other.token }), 404);
    expectError(await put(`/resumes/${r.id}`, { token: other.token, json: { title: '越权' } }), 404);
    expectValidationWithoutField(await put(`/resumes/${r.id}`, { token: st.token, json: {} }));
    const otherMajor = await createMajor(admin.token, { college: `别的学院${RUN}`, name: `别的专业${RUN}` });
    const outsider = await advisorFor(admin.token, [otherMajor.id]);
    expectError(await get(`/resumes/${r.id}`, { token: outsider.token }), 404);
    expectError(await get(`/students/${st.s.id}/resumes`, { token: outsider.token }), 404);
    expectError(await get(`/resumes/${r.id}`, { token: company.token }), 403);
  });

  test('staff of the student\'s majors read and recommend a resume (推荐简历)', async () => {
    const st = await studentWithAccount();
    const r = expectData(await post('/resumes', { token: st.token, json: RESUME }), 201);
    const adv = await advisorFor(admin.token, [major.id]);
    assert.deepEqual(expectData(await get(`/students/${st.s.id}/resumes`, { token: adv.token })).map((x) => x.id), [r.id]);
    assert.equal(expectData(await put(`/resumes/${r.id}/recommended`, { token: adv.token, json: { recommended: true } })).recommended, true);
    assert.equal(expectData(await get(`/resumes/${r.id}`, { token: st.token })).recommended, true);
    expectError(await put(`/resumes/${r.id}/recommended`, { token: adv.token, json: { recommended: 'yes' } }), 422, 'recommended');
    expectError(await put(`/resumes/${r.id}/recommended`, { token: st.token, json: { recommended: false } }), 403);
  });
});

describe('applications', () => {
  test('apply once (409 on a second try); the employer sees the resume as sent, with only the shared contacts', async () => {
    const st = await studentWithAccount();
    const r = expectData(await post('/resumes', { token: st.token, json: RESUME }), 201);
    const a = expectData(await apply(st.token, job.id, { resume_id: r.id, share: ['email'] }), 201);
    assert.equal(a.state, 'delivered');
    assert.equal(a.job_id, job.id);
    expectError(await apply(st.token, job.id, { resume_id: r.id }), 409, 'job');
    expectData(await put(`/resumes/${r.id}`, { token: st.token, json: { title: '改过的简历' } }));
    const list = expectList(await get(`/jobs/${job.id}/applications`, { token: company.token, query: { per_page: 200 } })).data;
    const mine = list.find((x) => x.id === a.id);
    assert.ok(mine, 'the application is not in the employer\'s list');
    assert.equal(mine.resume.title, RESUME.title, 'the employer sees later edits');
    assert.equal(mine.resume.email, st.s.email);
    assert.equal(mine.resume.phone, undefined, 'a contact not shared is shown');
    assert.equal(mine.resume.major, major.name);
    assert.equal(mine.student_id, undefined);
  });

  test('another employer 404 on the job\'s applications and on one application; a pending job 404; a closed one 409', async () => {
    const st = await studentWithAccount();
    const r = expectData(await post('/resumes', { token: st.token, json: RESUME }), 201);
    const a = expectData(await apply(st.token, job.id, { resume_id: r.id }), 201);
    expectError(await get(`/jobs/${job.id}/applications`, { token: rival.token }), 404);
    expectError(await get(`/applications/${a.id}`, { token: rival.token }), 404);
    expectError(await setState(rival.token, a.id, { state: 'rejected' }), 404);
    const other = await studentWithAccount();
    expectError(await get(`/applications/${a.id}`, { token: other.token }), 404);
    const pending = expectData(await post('/jobs', { token: company.token, json: { title: '未审核职位', description: '还没有通过审核的职位。', city: '南京' } }), 201);
    expectError(await apply(st.token, pending.id, { resume_id: r.id }), 404);
    expectError(await apply(st.token, closedJob.id, { resume_id: r.id }), 409, 'job');
    expectError(await apply(other.token, job.id, { resume_id: r.id }), 422, 'resume_id');
    expectError(await apply(st.token, job.id, { resume_id: r.id, share: ['id_card'] }), 422, 'share');
  });

  test('states: opened → viewed; forward by the employer; withdrawn by the student; never back (409 naming both)', async () => {
    const st = await studentWithAccount();
    const r = expectData(await post('/resumes', { token: st.token, json: RESUME }), 201);
    const a = expectData(await apply(st.token, job.id, { resume_id: r.id }), 201);
    assert.equal(expectData(await get(`/applications/${a.id}`, { token: company.token })).state, 'viewed');
    assert.equal(expectData(await get(`/applications/${a.id}`, { token: st.token })).state, 'viewed');
    expectData(await setState(company.token, a.id, { state: 'interview', note: '周三上午面试' }));
    const back = await setState(company.token, a.id, { state: 'shortlisted' });
    expectError(back, 409, 'state');
    assert.match(back.body.error.message, /\binterview\b/);
    assert.match(back.body.error.message, /\bshortlisted\b/);
    expectError(await setState(st.token, a.id, { state: 'offer' }), 409, 'state');
    const mine = expectList(await get('/applications', { token: st.token })).data.find((x) => x.id === a.id);
    assert.equal(mine.state, 'interview');
    assert.equal(mine.note, '周三上午面试');
    const byJob = expectList(await get('/applications', { token: st.token, query: { job_id: job.id } })).data;
    assert.deepEqual(byJob.map((x) => x.id), [a.id]);
    assert.deepEqual(expectList(await get('/applications', { token: st.token, query: { job_id: closedJob.id } })).data, []);
    const done = expectData(await setState(st.token, a.id, { state: 'withdrawn' }));
    assert.equal(done.note, '周三上午面试', 'a move without a note wiped the employer\'s note');
    assert.deepEqual(done.events.map((e) => e.to_state), ['delivered', 'viewed', 'interview', 'withdrawn']);
    expectError(await setState(company.token, a.id, { state: 'offer' }), 409, 'state');
    const viewer = await staffWith(admin.token, 'admin', ['jobs.review']);
    assert.equal(expectData(await get(`/applications/${a.id}`, { token: viewer.token })).state, 'withdrawn');
  });

  test('a job\'s applicants: newest first, paged, filtered by state, each total as counted', async () => {
    const own = await approvedJob(company);
    const apps = [];
    for (let i = 0; i < 3; i++) {
      const st = await studentWithAccount();
      const r = expectData(await post('/resumes', { token: st.token, json: RESUME }), 201);
      apps.push({ ...expectData(await apply(st.token, own.id, { resume_id: r.id }), 201), token: st.token });
    }
    const list = async (query) => expectList(await get(`/jobs/${own.id}/applications`, { token: company.token, query }));
    const all = await list({ per_page: 2 });
    assert.equal(all.meta.total, 3);
    assert.deepEqual(all.data.map((x) => x.id), [apps[2].id, apps[1].id]);
    assert.deepEqual((await list({ per_page: 2, page: 2 })).data.map((x) => x.id), [apps[0].id]);
    expectData(await setState(company.token, apps[0].id, { state: 'shortlisted' }));
    expectData(await setState(apps[1].token, apps[1].id, { state: 'withdrawn' }));
    const totals = {};
    for (const state of ['delivered', 'shortlisted', 'withdrawn', 'offer']) totals[state] = (await list({ state })).meta.total;
    assert.deepEqual(totals, { delivered: 1, shortlisted: 1, withdrawn: 1, offer: 0 });
    assert.deepEqual((await list({ state: 'shortlisted' })).data.map((x) => x.id), [apps[0].id]);
    assert.equal((await list({})).meta.total, 3);
    expectError(await get(`/jobs/${own.id}/applications`, { token: company.token, query: { state: 'hired' } }), 422, 'state');
  });

  test('two state changes at once: one wins, the other 409', async () => {
    const st = await studentWithAccount();
    const r = expectData(await post('/resumes', { token: st.token, json: RESUME }), 201);
    const a = expectData(await apply(st.token, job.id, { resume_id: r.id }), 201);
    const answers = await Promise.all([setState(company.token, a.id, { state: 'offer' }), setState(st.token, a.id, { state: 'withdrawn' })]);
    assert.deepEqual(answers.map((x) => x.status).sort(), [200, 409]);
  });

  test('two applications to one job at once by the same student: one 201, one 409', async () => {
    const st = await studentWithAccount();
    const r = expectData(await post('/resumes', { token: st.token, json: RESUME }), 201);
    const j = await approvedJob(company);
    const answers = await Promise.all([apply(st.token, j.id, { resume_id: r.id }), apply(st.token, j.id, { resume_id: r.id })]);
    assert.deepEqual(answers.map((x) => x.status).sort(), [201, 409]);
  });
});

// Every move allowed_move allows, and every one it refuses (issue 6: "every state transition not
// allowed from the current state answers 409 naming both states"). One student applies to a new
// job of the company for each application, so each test starts from the state it needs.
describe('every move and every refusal', () => {
  const OPEN = ['delivered', 'viewed', 'shortlisted', 'interview'];
  const FINAL = ['offer', 'rejected', 'withdrawn'];
  const ALL = [...OPEN, ...FINAL];
  let st; // a student with a resume: {s, token, resume}

  before(async () => {
    st = await studentWithAccount();
    st.resume = expectData(await post('/resumes', { token: st.token, json: RESUME }), 201);
  });

  // The state as the student reads it (the employer's read would move delivered to viewed).
  const stateOf = async (id) => expectData(await get(`/applications/${id}`, { token: st.token })).state;

  // A new application in `state`, reached by the moves that lead there.
  async function applicationIn(state) {
    const j = await approvedJob(company);
    const a = expectData(await apply(st.token, j.id, { resume_id: st.resume.id }), 201);
    if (state !== 'delivered' && state !== 'withdrawn') expectData(await get(`/applications/${a.id}`, { token: company.token })); // opened: viewed
    if (['shortlisted', 'interview', 'offer', 'rejected'].includes(state)) expectData(await setState(company.token, a.id, { state }));
    if (state === 'withdrawn') expectData(await setState(st.token, a.id, { state }));
    assert.equal(await stateOf(a.id), state);
    return a;
  }

  // A move answered 200 in the state asked for.
  async function moved(token, id, to) {
    const res = await setState(token, id, { state: to });
    assert.equal(expectData(res).state, to, show(res));
    return res.body.data;
  }

  // A refused move: 409 on state, its message naming the state the application is in and the one
  // asked for; the application stays where it was.
  async function refused(token, id, from, to) {
    const res = await setState(token, id, { state: to });
    const err = expectError(res, 409, 'state');
    for (const s of new Set([from, to])) assert.match(err.message, new RegExp(`\\b${s}\\b`), `the 409 does not name ${s}: ${show(res)}`);
    assert.equal(await stateOf(id), from, `a refused move to ${to} changed the application`);
  }

  test('the employer moves one step at a time: (opened) viewed → shortlisted → interview → offer; the history holds each step', async () => {
    const a = await applicationIn('delivered');
    assert.equal(expectData(await get(`/applications/${a.id}`, { token: company.token })).state, 'viewed');
    for (const to of ['shortlisted', 'interview', 'offer']) await moved(company.token, a.id, to);
    const done = expectData(await get(`/applications/${a.id}`, { token: st.token }));
    assert.equal(done.state, 'offer');
    assert.deepEqual(done.events.map((e) => [e.from_state, e.to_state]),
      [[null, 'delivered'], ['delivered', 'viewed'], ['viewed', 'shortlisted'], ['shortlisted', 'interview'], ['interview', 'offer']]);
  });

  test('the employer may skip ahead (to shortlisted or later from delivered, to offer from any open state)', async () => {
    for (const [from, to] of [['delivered', 'shortlisted'], ['delivered', 'interview'], ['delivered', 'offer'], ['viewed', 'interview'],
      ['viewed', 'offer'], ['shortlisted', 'offer']]) {
      const a = await applicationIn(from);
      await moved(company.token, a.id, to);
      assert.equal(await stateOf(a.id), to, `${from} → ${to}`);
    }
  });

  test('the employer rejects from every open state, with a note the student reads', async () => {
    for (const from of OPEN) {
      const a = await applicationIn(from);
      const done = expectData(await setState(company.token, a.id, { state: 'rejected', note: `${from}：岗位已招满` }));
      assert.equal(done.state, 'rejected');
      assert.equal(expectData(await get(`/applications/${a.id}`, { token: st.token })).note, `${from}：岗位已招满`);
    }
  });

  test('the student withdraws from every open state', async () => {
    for (const from of OPEN) {
      const a = await applicationIn(from);
      const done = await moved(st.token, a.id, 'withdrawn');
      assert.equal(done.events.at(-1).from_state, from);
    }
  });

  test('out of offer, rejected and withdrawn nobody moves it (a student withdrawing after an offer or a rejection included): 409 naming both states', async () => {
    for (const from of FINAL) {
      const a = await applicationIn(from);
      for (const to of ALL) {
        await refused(company.token, a.id, from, to);
        await refused(st.token, a.id, from, to);
      }
    }
  });

  test('the employer cannot ask for delivered, viewed (opening it does that), withdrawn, the state it is in, or an earlier one: 409 naming both states', async () => {
    for (const [i, from] of OPEN.entries()) {
      const a = await applicationIn(from);
      for (const to of new Set(['delivered', 'viewed', 'withdrawn', ...OPEN.slice(0, i + 1)])) await refused(company.token, a.id, from, to);
    }
  });

  test('the student can ask for nothing but withdrawn: 409 naming both states', async () => {
    for (const from of OPEN) {
      const a = await applicationIn(from);
      for (const to of ALL.filter((x) => x !== 'withdrawn')) await refused(st.token, a.id, from, to);
    }
  });

  test('staff cannot move an application (403, whatever their items); an unknown one 404; an unknown state 422', async () => {
    const a = await applicationIn('shortlisted');
    const viewer = await staffWith(admin.token, 'admin', ['jobs.review']);
    for (const who of [admin, viewer, await advisorFor(admin.token, [major.id])]) {
      expectError(await setState(who.token, a.id, { state: 'rejected' }), 403);
      expectError(await setState(who.token, a.id, { state: 'offer' }), 403);
    }
    expectError(await setState(company.token, 2_000_000_000, { state: 'offer' }), 404);
    expectError(await setState(st.token, 2_000_000_000, { state: 'withdrawn' }), 404);
    expectError(await setState(company.token, a.id, { state: 'hired' }), 422, 'state');
    expectError(await setState(company.token, a.id, {}), 422, 'state');
    expectError(await setState(company.token, a.id, { state: 'offer', note: 'x'.repeat(501) }), 422, 'note');
    assert.equal(await stateOf(a.id), 'shortlisted');
  });

  // Moves at once that each end the application: a loser either reads the winner's state (the
  // refusal above names both) or read the same state as the winner and finds it changed in the
  // conditional UPDATE, and then reads what the winner left.
  test('moves at once: each loser\'s 409 names the state it asked for and the state the application is in',
    async () => {
      const a = await applicationIn('delivered');
      const asks = [[company.token, 'offer'], [st.token, 'withdrawn'], [company.token, 'rejected'], [st.token, 'withdrawn'],
        [company.token, 'offer'], [st.token, 'withdrawn'], [company.token, 'rejected'], [st.token, 'withdrawn']];
      const answers = await Promise.all(asks.map(([token, state]) => setState(token, a.id, { state })));
      assert.equal(answers.filter((r) => r.status === 200).length, 1, answers.map(show).join('\n'));
      const now = await stateOf(a.id);
      for (const [i, r] of answers.entries()) {
        if (r.status === 200) continue;
        const err = expectError(r, 409, 'state');
        for (const s of [asks[i][1], now]) assert.match(err.message, new RegExp(`\\b${s}\\b`), `the 409 does not name ${s}: ${show(r)}`);
      }
    });
});

// Whatever the tests above wrote, each job's applications counted by state (the applicants'
// totals) match the applications.
test('the tallies the triggers keep match the records', () => expectTalliesMatch());
