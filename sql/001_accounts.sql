-- 001_accounts.sql: accounts, permission items, majors and scope, the audit log.

CREATE TABLE permission_items (
  code        VARCHAR(64)  NOT NULL PRIMARY KEY,
  kind        ENUM('menu','function') NOT NULL,
  label_zh    VARCHAR(64)  NOT NULL,
  label_en    VARCHAR(64)  NOT NULL,
  sort_order  INT          NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Menu items decide what a console shows; function items what a caller may do (seed manual 1.4).
INSERT INTO permission_items (code, kind, label_zh, label_en, sort_order) VALUES
  ('menu.students',      'menu',     '学生信息管理',   'Student records',        10),
  ('menu.affairs',       'menu',     '学生就业事务',   'Employment affairs',     20),
  ('menu.recruitment',   'menu',     '求职招聘服务',   'Recruitment',            30),
  ('menu.content',       'menu',     '网站内容管理',   'Site content',           40),
  ('menu.courses',       'menu',     '就业课程管理',   'Career courses',         50),
  ('menu.stats',         'menu',     '就业分析',       'Statistics',             60),
  ('menu.wechat',        'menu',     '微信服务与管理', 'WeChat',                 70),
  ('menu.accounts',      'menu',     '管理员',         'Administrators',         80),
  ('accounts.manage',    'function', '管理员账号管理', 'Manage staff accounts', 100),
  ('majors.manage',      'function', '专业设置',       'Manage majors',         110),
  ('students.view',      'function', '查看学生信息',   'View students',         120),
  ('students.edit',      'function', '修改学生信息',   'Edit students',         130),
  ('students.import',    'function', '导入学生信息',   'Import students',       140),
  ('students.export',    'function', '导出学生信息',   'Export students',       150),
  ('students.sensitive', 'function', '查看敏感信息',   'See ID cards and phones', 160),
  ('students.review',    'function', '审核学生信息',   'Review student changes', 170),
  ('employers.review',   'function', '审核用人单位',   'Review employers',      180),
  ('jobs.review',        'function', '审核职位',       'Review jobs',           190),
  ('stats.view',         'function', '查看就业统计',   'View statistics',       200);

CREATE TABLE majors (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code        VARCHAR(32)  NOT NULL,
  name        VARCHAR(100) NOT NULL,
  college     VARCHAR(100) NOT NULL,
  campus      VARCHAR(100) NOT NULL DEFAULT '',
  direction   VARCHAR(100) NOT NULL DEFAULT '',
  level       ENUM('专科生','本科生','硕士研究生','博士研究生') NOT NULL,
  years       TINYINT UNSIGNED NOT NULL,
  created_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  UNIQUE KEY uq_majors_identity (college, name, level, direction),
  KEY ix_majors_level (level, college),
  CONSTRAINT ck_majors_years CHECK (years BETWEEN 1 AND 8)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE accounts (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  username        VARCHAR(64)  NOT NULL,
  password_hash   VARCHAR(128) NULL,          -- NULL until the account is activated
  name            VARCHAR(100) NOT NULL,
  role            ENUM('student','employer','counselor','advisor','admin','superadmin') NOT NULL,
  status          ENUM('pending','active','disabled') NOT NULL DEFAULT 'active',
  all_permissions TINYINT(1)   NOT NULL DEFAULT 0, -- superadmins and CLI-made admins hold every item
  student_id      BIGINT UNSIGNED NULL,
  employer_id     BIGINT UNSIGNED NULL,
  created_at      TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at      TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  password_changed_at TIMESTAMP NULL,
  UNIQUE KEY uq_accounts_username (username),
  KEY ix_accounts_role (role, id),
  KEY ix_accounts_student (student_id),
  KEY ix_accounts_employer (employer_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE account_permissions (
  account_id  BIGINT UNSIGNED NOT NULL,
  item        VARCHAR(64) NOT NULL,
  PRIMARY KEY (account_id, item),
  CONSTRAINT fk_ap_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
  CONSTRAINT fk_ap_item FOREIGN KEY (item) REFERENCES permission_items (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- An advisor's managed majors (管辖专业).
CREATE TABLE account_majors (
  account_id  BIGINT UNSIGNED NOT NULL,
  major_id    BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (account_id, major_id),
  KEY ix_am_major (major_id),
  CONSTRAINT fk_am_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE,
  CONSTRAINT fk_am_major FOREIGN KEY (major_id) REFERENCES majors (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every write, with who, what, on which record, when and from where. Append-only.
CREATE TABLE audit_log (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  at          TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  actor_id    BIGINT UNSIGNED NULL,
  actor_role  VARCHAR(16)  NULL,
  action      VARCHAR(64)  NOT NULL,
  target_type VARCHAR(32)  NULL,
  target_id   BIGINT UNSIGNED NULL,
  address     VARCHAR(64)  NULL,
  request_id  VARCHAR(64)  NULL,
  detail      TEXT NULL,
  KEY ix_audit_action (action, id),
  KEY ix_audit_actor (actor_id, id),
  KEY ix_audit_target (target_type, target_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
