-- Tags an imported contact carried that are not trades ("Subs", "Preferred", "Union"): kept on the
-- contact and shown, never silently dropped. Joined with "; " as written in the source.
ALTER TABLE contacts ADD COLUMN tags TEXT;
-- Keyset paging of GET /contacts walks (name, contact_id) within one owner.
CREATE INDEX idx_contacts_user_name_id ON contacts(user_id, name, contact_id);
