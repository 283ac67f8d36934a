-- 034_import_counts_new_students.sql: no insert triggers on students and employment. Each fired
-- for every row, and a trigger call costs even when its body does nothing: the students' one
-- (which stood aside for the import, sql/024) was a quarter of the time of inserting a batch of
-- students (5,000 rows into a million: 380 ms with it, 290 ms without). Students are inserted by
-- the import alone, which counts the new ones in student_tally itself (by their id range, or by
-- their keys in upsert mode; backend/src/imports/students_import.c), and by bulk loaders, which
-- count every tally again at the end (`qiao tallies rebuild`). Employment records are inserted
-- empty, one per student (destination_code NULL, which the trigger skipped): a destination comes
-- by UPDATE, which the update trigger counts. The update and delete triggers stay.
DROP TRIGGER students_tally_insert;
DROP TRIGGER employment_tally_insert;
