-- 002_records.sql: the base student and employer records that accounts link to.
-- The student-records and recruitment modules extend these tables.

CREATE TABLE students (
  id                  BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  student_no          VARCHAR(32)  NOT NULL,
  name                VARCHAR(100) NOT NULL,
  gender              ENUM('男','女') NULL,
  id_card             VARCHAR(18)  NOT NULL,
  graduation_year     SMALLINT UNSIGNED NOT NULL,
  enrolment_year      SMALLINT UNSIGNED NOT NULL,
  level               ENUM('专科生','本科生','硕士研究生','博士研究生') NOT NULL,
  major_id            BIGINT UNSIGNED NOT NULL,
  phone               VARCHAR(20)  NULL,
  email               VARCHAR(120) NULL,
  origin_region_code  CHAR(6)      NULL,
  status              VARCHAR(16)  NOT NULL DEFAULT '在读',
  created_at          TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at          TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  UNIQUE KEY uq_students_no_year (student_no, graduation_year),
  KEY ix_students_major (major_id, graduation_year, id),
  KEY ix_students_year (graduation_year, status),
  CONSTRAINT fk_students_major FOREIGN KEY (major_id) REFERENCES majors (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE employers (
  id                BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name              VARCHAR(200) NOT NULL,
  credit_code       CHAR(18)     NOT NULL,
  contact_name      VARCHAR(100) NOT NULL,
  contact_phone     VARCHAR(20)  NOT NULL,
  email             VARCHAR(120) NULL,
  industry_code     CHAR(1)      NULL,
  unit_nature_code  CHAR(2)      NULL,
  region_code       CHAR(6)      NULL,
  size              VARCHAR(32)  NULL,
  status            ENUM('pending','approved','rejected','rereview') NOT NULL DEFAULT 'pending',
  created_at        TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at        TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  UNIQUE KEY uq_employers_name (name),
  UNIQUE KEY uq_employers_credit (credit_code),
  KEY ix_employers_status (status, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE accounts
  ADD CONSTRAINT fk_accounts_student FOREIGN KEY (student_id) REFERENCES students (id),
  ADD CONSTRAINT fk_accounts_employer FOREIGN KEY (employer_id) REFERENCES employers (id);
