-- 010_major_list_order.sql: a list of one major's students (an advisor's usual view) walks its
-- own index in the list's order (newest cohort first, then student number) and stops at the
-- page, instead of filtering the whole list order for one major in several hundred.
ALTER TABLE students DROP KEY ix_students_major,
  ADD KEY ix_students_major (major_id, graduation_year DESC, student_no);
