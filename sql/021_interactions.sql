-- 021_interactions.sql: the employer interaction index (xjtlu-employer-interaction-index, issue
-- 7): every activity with an employer is an interaction of a kind, recorded by staff or derived
-- from recruitment (an approved registration, each approved job, each info session and fair);
-- two scores are kept on the employer on every change (docs/interactions.md).

INSERT INTO permission_items (code, kind, label_zh, label_en, sort_order) VALUES
  ('employers.relations', 'function', '管理单位合作与互动', 'Manage employer relations', 185);

-- The weighted model the office edits: a weight per kind and how fast an interaction fades.
CREATE TABLE interaction_model (
  id                    TINYINT UNSIGNED NOT NULL PRIMARY KEY DEFAULT 1,
  half_life_days        INT UNSIGNED NOT NULL DEFAULT 180,
  w_registration        DOUBLE NOT NULL DEFAULT 10,
  w_strategic           DOUBLE NOT NULL DEFAULT 20,
  w_mentor              DOUBLE NOT NULL DEFAULT 10,
  w_industry_education  DOUBLE NOT NULL DEFAULT 10,
  w_job_post            DOUBLE NOT NULL DEFAULT 2,
  w_daily_business      DOUBLE NOT NULL DEFAULT 3,
  updated_by            BIGINT UNSIGNED NULL,
  updated_at            TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  CONSTRAINT ck_interaction_model_one CHECK (id = 1),
  -- the anchored score grows as 2^(days since 2020 / half-life): 30 days keeps it a double
  CONSTRAINT ck_interaction_model_half_life CHECK (half_life_days BETWEEN 30 AND 3650)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
INSERT INTO interaction_model (id) VALUES (1);

CREATE TABLE employer_interactions (
  id                BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  employer_id       BIGINT UNSIGNED NOT NULL,
  kind              ENUM('registration','strategic','mentor','industry_education','job_post',
                         'daily_business') NOT NULL,
  happened_on       DATE NOT NULL,
  title             VARCHAR(200) NOT NULL,
  students_covered  INT UNSIGNED NULL,
  owner             VARCHAR(100) NULL,              -- 跟进人
  note              VARCHAR(500) NULL,
  -- where it came from: staff, or derived from a record (its id), at most once per record
  source            ENUM('staff','registration','job','session','fair') NOT NULL DEFAULT 'staff',
  source_id         BIGINT UNSIGNED NULL,
  removed           TINYINT(1) NOT NULL DEFAULT 0,  -- struck out by staff or by the record's undoing
  created_by        BIGINT UNSIGNED NULL,
  created_at        TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at        TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  UNIQUE KEY uq_employer_interactions_source (source, source_id),
  KEY ix_employer_interactions_employer (employer_id, removed, kind, happened_on),
  KEY ix_employer_interactions_date (removed, happened_on, employer_id),
  CONSTRAINT fk_employer_interactions_employer FOREIGN KEY (employer_id) REFERENCES employers (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The scores, kept current on every change. The weighted one is stored anchored at 2020-01-01
-- (Σ weight · 2^(days since the anchor / half-life)): the score today is that times
-- 2^(-days to today / half-life), the same factor for every employer, so the stored value ranks
-- employers as today's scores do, whatever the day.
ALTER TABLE employers
  ADD COLUMN index_seed DECIMAL(4,1) NOT NULL DEFAULT 0,
  ADD COLUMN index_anchored DOUBLE NOT NULL DEFAULT 0,
  ADD KEY ix_employers_index_seed (index_seed, id),
  ADD KEY ix_employers_index_anchored (index_anchored, id);
