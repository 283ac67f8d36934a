-- 023_employer_relations.sql: the employer file's relationship fields (issue 7): a cooperation
-- level from a list the office keeps (e.g. 战略合作 / 重点合作 / 一般合作), free tags, the person
-- who follows the employer up, and the contacts and follow-ups log (联络对接: who, when, how,
-- next step, owner).

CREATE TABLE cooperation_levels (
  code        VARCHAR(20)  NOT NULL PRIMARY KEY,
  name        VARCHAR(50)  NOT NULL,
  sort_order  INT          NOT NULL DEFAULT 0,
  active      TINYINT(1)   NOT NULL DEFAULT 1,
  CONSTRAINT ck_cooperation_levels_code CHECK (code REGEXP '^[a-z][a-z0-9_]*$')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO cooperation_levels (code, name, sort_order) VALUES
  ('strategic', '战略合作', 10),
  ('key',       '重点合作', 20),
  ('ordinary',  '一般合作', 30);

ALTER TABLE employers
  ADD COLUMN cooperation_level VARCHAR(20) NULL,
  ADD COLUMN tags JSON NULL,
  ADD COLUMN relation_owner VARCHAR(100) NULL,       -- 跟进人 of the relationship
  ADD KEY ix_employers_cooperation (cooperation_level, id),
  ADD CONSTRAINT ck_employers_tags CHECK (tags IS NULL OR JSON_VALID(tags)),
  ADD CONSTRAINT fk_employers_cooperation FOREIGN KEY (cooperation_level) REFERENCES cooperation_levels (code);

CREATE TABLE employer_followups (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  employer_id   BIGINT UNSIGNED NOT NULL,
  happened_on   DATE NOT NULL,
  contact_name  VARCHAR(100) NOT NULL,               -- who at the employer
  method        ENUM('phone','email','meeting','visit','wechat','other') NOT NULL,
  summary       VARCHAR(1000) NOT NULL,
  next_step     VARCHAR(500) NULL,
  next_on       DATE NULL,                           -- when the next step is due
  owner         VARCHAR(100) NULL,                   -- who at the office follows it up
  created_by    BIGINT UNSIGNED NOT NULL,
  created_at    TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at    TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  KEY ix_employer_followups_employer (employer_id, happened_on, id),
  KEY ix_employer_followups_next (next_on, employer_id),
  CONSTRAINT fk_employer_followups_employer FOREIGN KEY (employer_id) REFERENCES employers (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
