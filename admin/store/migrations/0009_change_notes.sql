-- A note for readers that a version corrects or updates the text
-- ("Cập nhật ngày …: …"), shown on the page once the version is live.
ALTER TABLE revisions ADD COLUMN public_note TEXT NOT NULL DEFAULT '';
