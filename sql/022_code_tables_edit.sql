-- 022_code_tables_edit.sql: the office edits the code tables (PUT /codes/{table}/{code}): codes
-- change by year and province, so they are data the office keeps, with a validity year.
INSERT INTO permission_items (code, kind, label_zh, label_en, sort_order) VALUES
  ('codes.manage', 'function', '代码管理', 'Manage code tables', 115);
