-- 013_pii_at_rest.sql: students' ID-card numbers and phones are stored sealed (libsodium
-- secretbox, "pii1:<key id>:<base64>", about 90 characters for an ID card) with a keyed blind
-- index beside each for exact lookups. `qiao migrate` seals the rows still in plain text right
-- after this file; `qiao pii rekey` does the same after a key rotation.
ALTER TABLE students
  MODIFY id_card VARCHAR(120) NOT NULL,
  MODIFY phone   VARCHAR(120) NULL,
  ADD COLUMN id_card_index CHAR(32) NULL AFTER id_card,
  ADD COLUMN phone_index   CHAR(32) NULL AFTER phone,
  ADD KEY ix_students_id_card_index (id_card_index),
  ADD KEY ix_students_phone_index (phone_index);
