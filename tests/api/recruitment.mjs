// tests/api/recruitment.mjs: helpers of the recruitment suites (employers, jobs).
import { expectData, login, password, post, uniq } from './lib.mjs';
import { creditCode } from './records.mjs';

// A registration body with fresh name, credit code and username; over replaces fields.
export function registration(over = {}) {
  const tag = uniq('co');
  return {
    name: `注册测试${tag}有限公司`, credit_code: creditCode(), contact_name: '王经理',
    contact_phone: '13912345678', email: `hr.${tag}@example.cn`, username: `hr_${tag}`,
    password: password(), industry_code: 'I', unit_nature_code: '39', region_code: '320102',
    ...over,
  };
}

// Registers and signs the HR user in: {employer, token, body}.
export async function registered(over = {}) {
  const body = registration(over);
  const employer = expectData(await post('/employers/register', { json: body }), 201);
  const { token } = await login(body.username, body.password);
  return { employer, token, body };
}
