-- Row ids come from the database, one nextval per row, rather than from blocks of the sequence
-- that each engine hands out itself: Hibernate's pooled blocks of two engines on one schema (two
-- nodes) overlapped, and rows were inserted under an id another node had used.
ALTER TABLE agents ALTER COLUMN row_id SET DEFAULT nextval('row_ids');
ALTER TABLE blocks ALTER COLUMN row_id SET DEFAULT nextval('row_ids');
ALTER TABLE block_versions ALTER COLUMN row_id SET DEFAULT nextval('row_ids');
ALTER TABLE messages ALTER COLUMN row_id SET DEFAULT nextval('row_ids');
ALTER TABLE passages ALTER COLUMN row_id SET DEFAULT nextval('row_ids');
ALTER TABLE passage_tags ALTER COLUMN row_id SET DEFAULT nextval('row_ids');
ALTER TABLE interrupts ALTER COLUMN row_id SET DEFAULT nextval('row_ids');
ALTER TABLE steps ALTER COLUMN row_id SET DEFAULT nextval('row_ids');
