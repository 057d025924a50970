-- Reviews of completed orders: one per order and author (its buyer or its seller).
-- `visible_from` carries the double-blind rule: the end of the review window when the
-- review is written, moved to the moment the second review arrives. Every read and every
-- aggregate is the plain condition `visible_from <= now` on an index.
CREATE TABLE reviews (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL,
    service_id TEXT NOT NULL,
    author_id TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    -- BUYER (a review of the seller and of the listing) or SELLER (a review of the buyer).
    author_role TEXT NOT NULL,
    rating BIGINT NOT NULL,
    body TEXT,
    reply TEXT,
    replied_at BIGINT,
    created_at BIGINT NOT NULL,
    visible_from BIGINT NOT NULL
);
CREATE UNIQUE INDEX reviews_one_per_author ON reviews (order_id, author_id);
-- The public lists (newest published first) and the ratings walk these; `rating` is the
-- last column so the aggregates read the index only.
CREATE INDEX reviews_of_sellers ON reviews (subject_id, visible_from, id, rating)
    WHERE author_role = 'BUYER';
CREATE INDEX reviews_of_buyers ON reviews (subject_id, visible_from, id, rating)
    WHERE author_role = 'SELLER';
CREATE INDEX reviews_of_services ON reviews (service_id, visible_from, id, rating)
    WHERE author_role = 'BUYER';

-- One row per order that has a review: the row both reviews of an order lock (an upsert),
-- so the second of two concurrent reviews always sees the first and publishes both.
CREATE TABLE review_windows (
    order_id TEXT PRIMARY KEY,
    closes_at BIGINT NOT NULL,
    reviews BIGINT NOT NULL
);
