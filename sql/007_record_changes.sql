-- 007_record_changes.sql: profile and dispatch changes with their review, dispatch types,
-- and moves of a record to another graduation year or major (转移数据, 专业转移审核).

-- Dispatch types (派遣性质) are data; the name is the code, as for student statuses.
CREATE TABLE dispatch_types (
  name        VARCHAR(32)  NOT NULL PRIMARY KEY,
  needs_unit  TINYINT(1)   NOT NULL DEFAULT 0,
  valid_from  SMALLINT UNSIGNED NOT NULL DEFAULT 2000,
  valid_to    SMALLINT UNSIGNED NULL,
  sort_order  INT          NOT NULL DEFAULT 0,
  CONSTRAINT ck_dispatch_types_unit CHECK (needs_unit IN (0, 1)),
  CONSTRAINT ck_dispatch_types_years CHECK (valid_to IS NULL OR valid_to >= valid_from)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO dispatch_types (name, needs_unit, sort_order) VALUES
  ('回生源地',   0, 10),
  ('派遣到单位', 1, 20),
  ('升学',       0, 30),
  ('出国出境',   0, 40),
  ('暂缓派遣',   0, 50),
  ('不派遣',     0, 60);

-- Every change of a student's profile or dispatch: staff changes are approved at once, a
-- student's wait for review. `proposed` holds only the fields submitted.
CREATE TABLE record_changes (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  student_id     BIGINT UNSIGNED NOT NULL,
  kind           ENUM('profile','dispatch') NOT NULL,
  proposed       LONGTEXT NOT NULL,
  -- The record's values of this kind just before the change was applied.
  previous       LONGTEXT NULL,
  state          ENUM('pending','approved','rejected') NOT NULL,
  submitted_by   BIGINT UNSIGNED NULL,
  submitted_at   TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  reviewed_by    BIGINT UNSIGNED NULL,
  reviewed_at    TIMESTAMP NULL,
  review_reason  VARCHAR(500) NULL,
  KEY ix_rc_queue (state, kind, id),
  KEY ix_rc_student (student_id, kind, state, id),
  CONSTRAINT ck_rc_proposed CHECK (JSON_VALID(proposed)),
  CONSTRAINT fk_rc_student FOREIGN KEY (student_id) REFERENCES students (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A move of a record to another graduation year and/or major. Made at once when the
-- requester's scope covers the target major, else approved by the receiving college.
CREATE TABLE student_transfers (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  student_id       BIGINT UNSIGNED NOT NULL,
  from_year        SMALLINT UNSIGNED NOT NULL,
  to_year          SMALLINT UNSIGNED NOT NULL,
  from_major_id    BIGINT UNSIGNED NOT NULL,
  to_major_id      BIGINT UNSIGNED NOT NULL,
  reason           VARCHAR(500) NOT NULL,
  state            ENUM('pending','approved','rejected','withdrawn') NOT NULL,
  requested_by     BIGINT UNSIGNED NULL,
  requested_at     TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  decided_by       BIGINT UNSIGNED NULL,
  decided_at       TIMESTAMP NULL,
  decision_reason  VARCHAR(500) NULL,
  -- At most one pending transfer per student, enforced by the database under concurrency.
  pending_student  BIGINT UNSIGNED AS (IF(state = 'pending', student_id, NULL)) PERSISTENT,
  UNIQUE KEY uq_st_pending (pending_student),
  KEY ix_st_student (student_id, id),
  KEY ix_st_from (from_major_id, state, id),
  KEY ix_st_to (to_major_id, state, id),
  CONSTRAINT fk_st_student FOREIGN KEY (student_id) REFERENCES students (id) ON DELETE CASCADE,
  CONSTRAINT fk_st_from FOREIGN KEY (from_major_id) REFERENCES majors (id),
  CONSTRAINT fk_st_to FOREIGN KEY (to_major_id) REFERENCES majors (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Companies named in approved employment records with a credit code, whether or not they
-- registered: the employment form finds them by part of the name (seed §2.6.1).
CREATE TABLE companies (
  credit_code       CHAR(18)     NOT NULL PRIMARY KEY,
  name              VARCHAR(200) NOT NULL,
  industry_code     CHAR(1)      NULL,
  region_code       CHAR(6)      NULL,
  unit_nature_code  VARCHAR(4)   NULL,
  updated_at        TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  KEY ix_companies_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT IGNORE INTO companies (credit_code, name, industry_code, region_code, unit_nature_code)
  SELECT credit_code, employer_name, industry_code, region_code, unit_nature_code
  FROM employment WHERE credit_code IS NOT NULL AND employer_name IS NOT NULL;
