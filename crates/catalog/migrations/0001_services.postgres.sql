-- Service listings. `seq` is a monotonically increasing sequence (newer = larger): the
-- key of newest-first pages and of their cursors. `search` is the stemmed text of title,
-- description and tags, kept in sync by PostgreSQL itself (a generated column).
CREATE TABLE services (
    id TEXT PRIMARY KEY,
    seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
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
    location_key TEXT,
    remote BIGINT NOT NULL,
    tags TEXT NOT NULL,
    tags_text TEXT NOT NULL,
    image_links TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    modified_at BIGINT NOT NULL,
    search tsvector GENERATED ALWAYS AS (
        to_tsvector('english', title || ' ' || description || ' ' || tags_text)
    ) STORED
);
CREATE INDEX services_seller ON services (seller_id, seq);
-- Newest active listings first: walked backwards, filtered by the other conditions.
CREATE INDEX services_active_seq ON services (seq) WHERE status = 'ACTIVE';
CREATE INDEX services_active_category ON services (category, seq) WHERE status = 'ACTIVE';
-- Active listings by price, within one currency.
CREATE INDEX services_active_price ON services (price_currency, price_amount, seq)
    WHERE status = 'ACTIVE';
-- Keyword matches of active listings.
CREATE INDEX services_active_search ON services USING GIN (search) WHERE status = 'ACTIVE';

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
