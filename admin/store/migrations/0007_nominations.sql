-- Articles nominated for the national external-information press award.
ALTER TABLE articles ADD COLUMN nominated_at TIMESTAMP;
ALTER TABLE articles ADD COLUMN nominated_by INTEGER REFERENCES users(id);
ALTER TABLE articles ADD COLUMN nomination_note TEXT NOT NULL DEFAULT '';
