-- 024_import_tally.sql: the student tally's triggers (sql/011) replaced, for two kinds of bulk
-- write. A bulk import keeps the tally itself, one grouped upsert per batch, instead of a trigger
-- call per row (a third of the cost of inserting a student): it sets @qiao_tally_deferred before
-- each of its INSERTs (1 for new rows, which it counts itself, NULL for upserts) and clears it
-- after. A bulk loader (`qiao demo-data`) sets @qiao_bulk_load on its own connection: every tally
-- trigger (here, sql/025, sql/027) then leaves its counts alone, and the loader counts all the
-- tallies again at the end (`qiao tallies rebuild`, backend/src/cli/tallies.c). Any session that
-- sets neither goes through the triggers. Students are inserted by the import alone (and the
-- demo-data tool).
DROP TRIGGER students_tally_insert;
DROP TRIGGER students_tally_update;
DROP TRIGGER students_tally_delete;

-- Adds delta to the count of one year, major, status and destination (NULL: none yet).
CREATE PROCEDURE student_tally_add(p_year SMALLINT UNSIGNED, p_major BIGINT UNSIGNED,
  p_status VARCHAR(16), p_code VARCHAR(4), delta INT)
  INSERT INTO student_tally (graduation_year, major_id, status, destination_code, n)
  VALUES (p_year, p_major, p_status, IFNULL(p_code, ''), delta)
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

-- One index less to write per student: the unique (student_no, graduation_year) already serves
-- every lookup by student number alone.
ALTER TABLE students DROP KEY ix_students_no;
