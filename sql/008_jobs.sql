-- 008_jobs.sql: job postings (职位, seed manual §4.3) and the majors each asks for. The public
-- list shows approved jobs of employers that are in (已入驻, or 待复审 with their old details),
-- newest refresh first.

CREATE TABLE jobs (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  employer_id   BIGINT UNSIGNED NOT NULL,
  title         VARCHAR(100) NOT NULL,
  description   TEXT NOT NULL,
  city          VARCHAR(64)  NOT NULL,
  region_code   CHAR(6)      NULL,
  salary_min    INT UNSIGNED NULL,
  salary_max    INT UNSIGNED NULL,
  degree        ENUM('不限','专科','本科','硕士','博士') NOT NULL DEFAULT '不限',
  headcount     INT UNSIGNED NOT NULL DEFAULT 1,
  deadline      DATE NULL,
  status        ENUM('pending','approved','rejected','rereview') NOT NULL DEFAULT 'pending',
  -- 刷新时间: the public list's order; staff move chosen jobs to the top by refreshing it.
  refreshed_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  created_at    TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at    TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  KEY ix_jobs_public (status, refreshed_at, id),
  KEY ix_jobs_city (status, city, refreshed_at, id),
  KEY ix_jobs_employer (employer_id, id),
  CONSTRAINT ck_jobs_salary CHECK (salary_min IS NULL OR salary_max IS NULL OR salary_min <= salary_max),
  CONSTRAINT fk_jobs_employer FOREIGN KEY (employer_id) REFERENCES employers (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The majors a job asks for, by name as employers write them (they do not know our ids).
CREATE TABLE job_majors (
  job_id  BIGINT UNSIGNED NOT NULL,
  major   VARCHAR(100) NOT NULL,
  PRIMARY KEY (job_id, major),
  KEY ix_job_majors_major (major, job_id),
  CONSTRAINT fk_job_majors_job FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
