-- 031_bulk_load_tallies.sql: a bulk loader (`qiao demo-data`) sets @qiao_bulk_load on its own
-- connection, every tally trigger then leaves its counts alone, and the loader rebuilds all the
-- tallies at the end with one GROUP BY each (`qiao tallies rebuild`, backend/src/cli/tallies.c):
-- a trigger call for each of millions of rows made generating the benchmark's data 30 % slower.
-- Each trigger below does what the one it replaces did (sql/011, 024, 025, 027) under that
-- condition, the students' and the applications' counts through one procedure each.
DROP TRIGGER students_tally_insert;
DROP TRIGGER students_tally_update;
DROP TRIGGER students_tally_delete;
DROP TRIGGER employment_tally_insert;
DROP TRIGGER employment_tally_update;
DROP TRIGGER employment_tally_delete;
DROP TRIGGER students_destination_tally_update;
DROP TRIGGER students_destination_tally_delete;
DROP TRIGGER applications_tally_insert;
DROP TRIGGER applications_tally_update;
DROP TRIGGER applications_tally_delete;

-- Adds delta to the count of one year, major, status and destination (NULL: none yet).
CREATE PROCEDURE student_tally_add(p_year SMALLINT UNSIGNED, p_major BIGINT UNSIGNED,
  p_status VARCHAR(16), p_code VARCHAR(4), delta INT)
  INSERT INTO student_tally (graduation_year, major_id, status, destination_code, n)
  VALUES (p_year, p_major, p_status, IFNULL(p_code, ''), delta)
  ON DUPLICATE KEY UPDATE n = n + VALUES(n);

-- Adds delta to the count of one job's applications in one state.
CREATE PROCEDURE application_tally_add(p_job BIGINT UNSIGNED, p_state VARCHAR(16), delta INT)
  INSERT INTO application_tally (job_id, state, n) VALUES (p_job, p_state, delta)
  ON DUPLICATE KEY UPDATE n = n + VALUES(n);

CREATE TRIGGER students_tally_insert AFTER INSERT ON students FOR EACH ROW
BEGIN
  IF @qiao_tally_deferred IS NULL AND @qiao_bulk_load IS NULL THEN
    CALL student_tally_add(NEW.graduation_year, NEW.major_id, NEW.status, NEW.destination_code, 1);
  END IF;
END;

-- The two rows of a move are written in one order whatever the direction (the smaller key
-- first): two students moved between the same two destinations in opposite directions at once
-- then queue on the first row instead of locking one each and deadlocking.
CREATE TRIGGER students_tally_update AFTER UPDATE ON students FOR EACH ROW
BEGIN
  IF @qiao_bulk_load IS NULL AND NOT (OLD.graduation_year <=> NEW.graduation_year
      AND OLD.major_id <=> NEW.major_id AND OLD.status <=> NEW.status
      AND OLD.destination_code <=> NEW.destination_code) THEN
    IF CONCAT_WS('|', OLD.graduation_year, OLD.major_id, OLD.status, IFNULL(OLD.destination_code, ''))
       < CONCAT_WS('|', NEW.graduation_year, NEW.major_id, NEW.status, IFNULL(NEW.destination_code, '')) THEN
      CALL student_tally_add(OLD.graduation_year, OLD.major_id, OLD.status, OLD.destination_code, -1);
      CALL student_tally_add(NEW.graduation_year, NEW.major_id, NEW.status, NEW.destination_code, 1);
    ELSE
      CALL student_tally_add(NEW.graduation_year, NEW.major_id, NEW.status, NEW.destination_code, 1);
      CALL student_tally_add(OLD.graduation_year, OLD.major_id, OLD.status, OLD.destination_code, -1);
    END IF;
  END IF;
END;

CREATE TRIGGER students_tally_delete AFTER DELETE ON students FOR EACH ROW
BEGIN
  IF @qiao_bulk_load IS NULL THEN
    CALL student_tally_add(OLD.graduation_year, OLD.major_id, OLD.status, OLD.destination_code, -1);
  END IF;
END;

-- An import's records are empty: no call for them.
CREATE TRIGGER employment_tally_insert AFTER INSERT ON employment FOR EACH ROW
BEGIN
  IF @qiao_bulk_load IS NULL AND NEW.destination_code IS NOT NULL THEN
    CALL destination_tally_of(NEW.student_id, NEW.destination_code, NEW.unit_nature_code,
      NEW.industry_code, NEW.region_code, NEW.school, 1);
  END IF;
END;

CREATE TRIGGER employment_tally_update AFTER UPDATE ON employment FOR EACH ROW
BEGIN
  IF @qiao_bulk_load IS NULL AND NOT (OLD.destination_code <=> NEW.destination_code
      AND OLD.unit_nature_code <=> NEW.unit_nature_code AND OLD.industry_code <=> NEW.industry_code
      AND OLD.region_code <=> NEW.region_code AND OLD.school <=> NEW.school
      AND OLD.student_id <=> NEW.student_id) THEN
    -- In one order whatever the direction, as for the students' tally above.
    IF CONCAT_WS('|', IFNULL(OLD.destination_code, ''), IFNULL(OLD.unit_nature_code, ''),
         IFNULL(OLD.industry_code, ''), IFNULL(OLD.region_code, ''), IFNULL(OLD.school, ''))
       < CONCAT_WS('|', IFNULL(NEW.destination_code, ''), IFNULL(NEW.unit_nature_code, ''),
         IFNULL(NEW.industry_code, ''), IFNULL(NEW.region_code, ''), IFNULL(NEW.school, '')) THEN
      CALL destination_tally_of(OLD.student_id, OLD.destination_code, OLD.unit_nature_code,
        OLD.industry_code, OLD.region_code, OLD.school, -1);
      CALL destination_tally_of(NEW.student_id, NEW.destination_code, NEW.unit_nature_code,
        NEW.industry_code, NEW.region_code, NEW.school, 1);
    ELSE
      CALL destination_tally_of(NEW.student_id, NEW.destination_code, NEW.unit_nature_code,
        NEW.industry_code, NEW.region_code, NEW.school, 1);
      CALL destination_tally_of(OLD.student_id, OLD.destination_code, OLD.unit_nature_code,
        OLD.industry_code, OLD.region_code, OLD.school, -1);
    END IF;
  END IF;
END;

CREATE TRIGGER employment_tally_delete AFTER DELETE ON employment FOR EACH ROW
BEGIN
  IF @qiao_bulk_load IS NULL THEN
    CALL destination_tally_of(OLD.student_id, OLD.destination_code, OLD.unit_nature_code,
      OLD.industry_code, OLD.region_code, OLD.school, -1);
  END IF;
END;

CREATE TRIGGER students_destination_tally_update AFTER UPDATE ON students FOR EACH ROW
BEGIN
  IF @qiao_bulk_load IS NULL AND NOT (OLD.graduation_year <=> NEW.graduation_year
      AND OLD.major_id <=> NEW.major_id AND OLD.status <=> NEW.status) THEN
    CALL destination_tally_move(NEW.id, OLD.graduation_year, OLD.major_id, OLD.status,
      NEW.graduation_year, NEW.major_id, NEW.status);
  END IF;
END;

CREATE TRIGGER students_destination_tally_delete BEFORE DELETE ON students FOR EACH ROW
BEGIN
  IF @qiao_bulk_load IS NULL THEN
    CALL destination_tally_move(OLD.id, OLD.graduation_year, OLD.major_id, OLD.status, NULL, NULL, NULL);
  END IF;
END;

CREATE TRIGGER applications_tally_insert AFTER INSERT ON applications FOR EACH ROW
BEGIN
  IF @qiao_bulk_load IS NULL THEN
    CALL application_tally_add(NEW.job_id, NEW.state, 1);
  END IF;
END;

CREATE TRIGGER applications_tally_update AFTER UPDATE ON applications FOR EACH ROW
BEGIN
  IF @qiao_bulk_load IS NULL AND NOT (OLD.job_id <=> NEW.job_id AND OLD.state <=> NEW.state) THEN
    CALL application_tally_add(OLD.job_id, OLD.state, -1);
    CALL application_tally_add(NEW.job_id, NEW.state, 1);
  END IF;
END;

CREATE TRIGGER applications_tally_delete AFTER DELETE ON applications FOR EACH ROW
BEGIN
  IF @qiao_bulk_load IS NULL THEN
    CALL application_tally_add(OLD.job_id, OLD.state, -1);
  END IF;
END;
