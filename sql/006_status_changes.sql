-- 006_status_changes.sql: changes of a student's status (学籍异动) with their reasons.
CREATE TABLE student_status_changes (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  student_id   BIGINT UNSIGNED NOT NULL,
  from_status  VARCHAR(16) NOT NULL,
  to_status    VARCHAR(16) NOT NULL,
  reason       VARCHAR(500) NOT NULL,
  actor_id     BIGINT UNSIGNED NULL,
  at           TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY ix_ssc_student (student_id, id),
  CONSTRAINT fk_ssc_student FOREIGN KEY (student_id) REFERENCES students (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
