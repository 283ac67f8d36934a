-- fixtures.sql: records the API suite needs that no route creates yet: one approved employer
-- for employer accounts made with `qiao account create --role employer --employer-id N`.
INSERT INTO employers (name, credit_code, contact_name, contact_phone, email, status)
VALUES ('测试用人单位有限公司', '91350100M000100Y43', '测试联系人', '13800000000', 'hr@test.example.cn', 'approved');

-- Jobs for the public list until employers can post them: approved ones of the approved
-- employer (refreshed at different times), a pending one, and an approved job of an employer
-- still waiting for approval (neither of the last two may be listed).
INSERT INTO employers (name, credit_code, contact_name, contact_phone, status)
VALUES ('待审核测试单位有限公司', '91320102100000002K', '联系人', '13900000000', 'pending');
INSERT INTO jobs (employer_id, title, description, city, salary_min, salary_max, degree, headcount, status, refreshed_at)
SELECT e.id, j.title, '测试职位', j.city, 6000, 9000, '本科', 2, j.status, NOW() - INTERVAL j.age HOUR
FROM employers e JOIN (
  SELECT 'FIXTURE后端开发工程师' AS title, '南京' AS city, 'approved' AS status, 1 AS age UNION ALL
  SELECT 'FIXTURE会计', '上海', 'approved', 5 UNION ALL
  SELECT 'FIXTURE待审核职位', '南京', 'pending', 0) j
WHERE e.name = '测试用人单位有限公司';
INSERT INTO jobs (employer_id, title, description, city, status)
SELECT id, 'FIXTURE未入驻单位职位', '测试职位', '南京', 'approved' FROM employers WHERE name = '待审核测试单位有限公司';
INSERT INTO job_majors (job_id, major)
SELECT id, '软件工程' FROM jobs WHERE title = 'FIXTURE后端开发工程师';
