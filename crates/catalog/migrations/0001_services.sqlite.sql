-- Service listings. `seq` is the listing's rowid: a monotonically increasing sequence
-- (newer = larger) that is also the rowid of its row in the full-text index, so "newest
-- matches first" walks the index's doclists in rowid order without sorting.
CREATE TABLE services (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    seller_id TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    category TEXT NOT NULL,
    price_amount BIGINT NOT NULL,
    price_currency TEXT NOT NULL,
    deposit_percent BIGINT NOT NULL,
    -- Days to deliver after the deposit is paid; NULL: on a date the buyer picks.
    delivery_days BIGINT,
    location TEXT,
    -- The location in lower case, for the location filter.
    location_key TEXT,
    -- 1 when the service is offered remotely, else 0.
    remote BIGINT NOT NULL,
    -- The tags as a JSON array and as words for the full-text index.
    tags TEXT NOT NULL,
    tags_text TEXT NOT NULL,
    image_links TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    modified_at BIGINT NOT NULL
);
-- A seller's own listings, newest first.
CREATE INDEX services_seller ON services (seller_id, seq);
-- Browsing active listings newest first, overall and by category.
CREATE INDEX services_active_seq ON services (seq) WHERE status = 'ACTIVE';
CREATE INDEX services_active_category ON services (category, seq) WHERE status = 'ACTIVE';
-- Browsing active listings by price, within one currency.
CREATE INDEX services_active_price ON services (price_currency, price_amount, seq)
    WHERE status = 'ACTIVE';

-- Keywords over title, description and tags; porter-stemmed, case-insensitive. An
-- external-content index over `services` kept in sync by the triggers below.
CREATE VIRTUAL TABLE services_fts USING fts5(
    title, description, tags_text,
    content = 'services', content_rowid = 'seq',
    tokenize = 'porter unicode61'
);
CREATE TRIGGER services_fts_insert AFTER INSERT ON services BEGIN
    INSERT INTO services_fts (rowid, title, description, tags_text)
    VALUES (new.seq, new.title, new.description, new.tags_text);
END;
CREATE TRIGGER services_fts_update AFTER UPDATE OF title, description, tags_text ON services BEGIN
    INSERT INTO services_fts (services_fts, rowid, title, description, tags_text)
    VALUES ('delete', old.seq, old.title, old.description, old.tags_text);
    INSERT INTO services_fts (rowid, title, description, tags_text)
    VALUES (new.seq, new.title, new.description, new.tags_text);
END;
CREATE TRIGGER services_fts_delete AFTER DELETE ON services BEGIN
    INSERT INTO services_fts (services_fts, rowid, title, description, tags_text)
    VALUES ('delete', old.seq, old.title, old.description, old.tags_text);
END;

CREATE TABLE service_transitions (
    id TEXT PRIMARY KEY,
    subject_id TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    actor_id TEXT,
    reason TEXT,
    occurred_at BIGINT NOT NULL
);
CREATE INDEX service_transitions_subject ON service_transitions (subject_id, occurred_at);
