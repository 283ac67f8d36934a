-- 025_destination_tally.sql: the destinations dashboard's breakdowns (the employed by their
-- employer's unit nature, industry and province, further study by school and school tier) read a
-- tally like sql/011's instead of joining every student of the year to their employment record
-- (1.8 s cold over 200,000 students a year). One row per graduation year, major, status,
-- destination code, dimension and value, kept current by triggers in the transaction of every
-- write. Which statuses are active and which codes are employment or further study are joined
-- when the figures are read, as for the student tally: editing those code tables needs no
-- rebuild. The schools' tiers are a table of their own, joined when read too.
CREATE TABLE destination_tally (
  graduation_year   SMALLINT UNSIGNED NOT NULL,
  dimension         ENUM('unit_nature', 'industry', 'province', 'school') NOT NULL,
  major_id          BIGINT UNSIGNED   NOT NULL,
  status            VARCHAR(16)       NOT NULL,
  destination_code  VARCHAR(4)        NOT NULL,
  value             VARCHAR(200)      NOT NULL,  -- '' when the record leaves it empty
  n                 INT               NOT NULL,
  PRIMARY KEY (graduation_year, dimension, major_id, status, destination_code, value)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Adds delta to the four rows of one student's current record (a record without a destination
-- is in none). The province is the region code's first two digits and four zeros.
CREATE PROCEDURE destination_tally_add(p_year SMALLINT UNSIGNED, p_major BIGINT UNSIGNED,
  p_status VARCHAR(16), p_code VARCHAR(4), p_nature VARCHAR(4), p_industry CHAR(1),
  p_region CHAR(6), p_school VARCHAR(200), delta INT)
BEGIN
  IF p_code IS NOT NULL THEN
    INSERT INTO destination_tally (graduation_year, dimension, major_id, status, destination_code, value, n)
    VALUES (p_year, 'unit_nature', p_major, p_status, p_code, IFNULL(p_nature, ''), delta),
           (p_year, 'industry', p_major, p_status, p_code, IFNULL(p_industry, ''), delta),
           (p_year, 'province', p_major, p_status, p_code, IFNULL(CONCAT(LEFT(p_region, 2), '0000'), ''), delta),
           (p_year, 'school', p_major, p_status, p_code, IFNULL(p_school, ''), delta)
    ON DUPLICATE KEY UPDATE n = n + VALUES(n);
  END IF;
END;

-- The same for a student's record, the student's year, major and status looked up.
CREATE PROCEDURE destination_tally_of(p_student BIGINT UNSIGNED, p_code VARCHAR(4),
  p_nature VARCHAR(4), p_industry CHAR(1), p_region CHAR(6), p_school VARCHAR(200), delta INT)
BEGIN
  DECLARE y SMALLINT UNSIGNED;
  DECLARE m BIGINT UNSIGNED;
  DECLARE st VARCHAR(16);
  IF p_code IS NOT NULL THEN
    SELECT graduation_year, major_id, status INTO y, m, st FROM students WHERE id = p_student;
    CALL destination_tally_add(y, m, st, p_code, p_nature, p_industry, p_region, p_school, delta);
  END IF;
END;

-- A student's record moved from one year, major and status to another (p_new_year NULL: out).
CREATE PROCEDURE destination_tally_move(p_student BIGINT UNSIGNED, p_old_year SMALLINT UNSIGNED,
  p_old_major BIGINT UNSIGNED, p_old_status VARCHAR(16), p_new_year SMALLINT UNSIGNED,
  p_new_major BIGINT UNSIGNED, p_new_status VARCHAR(16))
BEGIN
  DECLARE c VARCHAR(4);
  DECLARE un VARCHAR(4);
  DECLARE ind CHAR(1);
  DECLARE rg CHAR(6);
  DECLARE sc VARCHAR(200);
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET c = NULL;
  SELECT destination_code, unit_nature_code, industry_code, region_code, school
    INTO c, un, ind, rg, sc FROM employment WHERE student_id = p_student;
  CALL destination_tally_add(p_old_year, p_old_major, p_old_status, c, un, ind, rg, sc, -1);
  IF p_new_year IS NOT NULL THEN
    CALL destination_tally_add(p_new_year, p_new_major, p_new_status, c, un, ind, rg, sc, 1);
  END IF;
END;

-- Filled before the triggers exist: migrations run while the workers are stopped.
INSERT INTO destination_tally (graduation_year, dimension, major_id, status, destination_code, value, n)
  SELECT s.graduation_year, x.dimension, s.major_id, s.status, e.destination_code,
         CASE x.dimension WHEN 'unit_nature' THEN IFNULL(e.unit_nature_code, '')
                          WHEN 'industry' THEN IFNULL(e.industry_code, '')
                          WHEN 'province' THEN IFNULL(CONCAT(LEFT(e.region_code, 2), '0000'), '')
                          ELSE IFNULL(e.school, '') END AS value,
         COUNT(*)
  FROM students s JOIN employment e ON e.student_id = s.id
  JOIN (SELECT 'unit_nature' AS dimension UNION ALL SELECT 'industry' UNION ALL SELECT 'province'
        UNION ALL SELECT 'school') x
  WHERE e.destination_code IS NOT NULL
  GROUP BY s.graduation_year, x.dimension, s.major_id, s.status, e.destination_code, value;

-- A record written, corrected or deleted: out with the old fields, in with the new (none while a
-- bulk loader runs, sql/024; an import's records are empty: no call for them).
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
    -- In one order whatever the direction, as for the students' tally (sql/024).
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

-- A student moved to another year or major, or changing status, moves their record's counts; a
-- student deleted takes them out (the cascade that deletes the record fires no trigger).
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
