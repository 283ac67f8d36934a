-- 011_student_tally.sql: the students counted by graduation year, major, status and
-- destination code, kept current by triggers inside the transaction of every student write, so
-- the live employment figures read a few thousand tally rows instead of every student of the
-- year. Which statuses are active and which codes are employment or further study are joined
-- when the figures are read: editing those code tables needs no rebuild.
CREATE TABLE student_tally (
  graduation_year   SMALLINT UNSIGNED NOT NULL,
  major_id          BIGINT UNSIGNED   NOT NULL,
  status            VARCHAR(16)       NOT NULL,
  destination_code  VARCHAR(4)        NOT NULL,  -- '' while the student has none
  n                 INT               NOT NULL,
  PRIMARY KEY (graduation_year, major_id, status, destination_code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Filled before the triggers exist: migrations run while the workers are stopped.
INSERT INTO student_tally (graduation_year, major_id, status, destination_code, n)
  SELECT graduation_year, major_id, status, IFNULL(destination_code, ''), COUNT(*)
  FROM students GROUP BY graduation_year, major_id, status, IFNULL(destination_code, '');

CREATE TRIGGER students_tally_insert AFTER INSERT ON students FOR EACH ROW
  INSERT INTO student_tally (graduation_year, major_id, status, destination_code, n)
  VALUES (NEW.graduation_year, NEW.major_id, NEW.status, IFNULL(NEW.destination_code, ''), 1)
  ON DUPLICATE KEY UPDATE n = n + 1;

CREATE TRIGGER students_tally_delete AFTER DELETE ON students FOR EACH ROW
  UPDATE student_tally SET n = n - 1
  WHERE graduation_year = OLD.graduation_year AND major_id = OLD.major_id
    AND status = OLD.status AND destination_code = IFNULL(OLD.destination_code, '');

CREATE TRIGGER students_tally_update AFTER UPDATE ON students FOR EACH ROW
BEGIN
  IF NOT (OLD.graduation_year <=> NEW.graduation_year AND OLD.major_id <=> NEW.major_id
          AND OLD.status <=> NEW.status AND OLD.destination_code <=> NEW.destination_code) THEN
    UPDATE student_tally SET n = n - 1
    WHERE graduation_year = OLD.graduation_year AND major_id = OLD.major_id
      AND status = OLD.status AND destination_code = IFNULL(OLD.destination_code, '');
    INSERT INTO student_tally (graduation_year, major_id, status, destination_code, n)
    VALUES (NEW.graduation_year, NEW.major_id, NEW.status, IFNULL(NEW.destination_code, ''), 1)
    ON DUPLICATE KEY UPDATE n = n + 1;
  END IF;
END;
