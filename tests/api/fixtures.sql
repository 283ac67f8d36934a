-- fixtures.sql: records the API suite needs that no route creates yet: one approved employer
-- for employer accounts made with `qiao account create --role employer --employer-id N`.
INSERT INTO employers (name, credit_code, contact_name, contact_phone, email, status)
VALUES ('测试用人单位有限公司', '91350100M000100Y43', '测试联系人', '13800000000', 'hr@test.example.cn', 'approved');
