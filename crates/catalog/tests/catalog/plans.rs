//! Search at 20,000 listings: the plans that keep a page from sorting every match, the
//! bounded walks, and the right answers from each path (SQLite's walks and sorted matches,
//! PostgreSQL's planner).

use openlance_catalog::{Category, NewListing, ServiceSearch, SortOrder};
use openlance_core::Currency;
use openlance_core::id::UserId;
use openlance_storage::{Backend, Row};

use crate::common::{Harness, listing, usd};

const WORDS: [&str; 8] = [
    "garden", "kitchen", "design", "rust", "logo", "photo", "video", "audio",
];

/// The price of filled listing `i`: spread over 100..10,099 cents, with ties.
fn price(i: i64) -> i64 {
    (i * 7_919) % 10_000 + 100
}

/// Listings 1..=20,000 (`seq` = i): "words <WORDS[i % 8]>", every tenth PAUSED, every
/// third DESIGN, priced by [`price`] in USD, remote.
async fn fill(h: &Harness) {
    let mut tx = h.db.begin().await.unwrap();
    let columns = "id, seller_id, title, description, category, price_amount, price_currency, \
        deposit_percent, delivery_days, location, location_key, remote, tags, tags_text, \
        image_links, status, created_at, modified_at";
    let sql = match h.db.backend() {
        Backend::Sqlite => format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) \
             INSERT INTO services ({columns}) \
             SELECT printf('00000000-0000-7000-8000-%012d', i), '00000000-0000-7000-8000-000000000000', \
             'service ' || i, 'words ' || (CASE i % 8 WHEN 0 THEN 'garden' WHEN 1 THEN 'kitchen' WHEN 2 THEN 'design' \
             WHEN 3 THEN 'rust' WHEN 4 THEN 'logo' WHEN 5 THEN 'photo' WHEN 6 THEN 'video' ELSE 'audio' END), \
             CASE WHEN i % 3 = 0 THEN 'DESIGN' ELSE 'OTHER' END, (i * 7919) % 10000 + 100, 'USD', 50, 3, NULL, NULL, 1, \
             '[]', '', '[]', CASE WHEN i % 10 = 0 THEN 'PAUSED' ELSE 'ACTIVE' END, i, i FROM n"
        ),
        Backend::Postgres => format!(
            "INSERT INTO services ({columns}) \
             SELECT '00000000-0000-7000-8000-' || lpad(i::text, 12, '0'), '00000000-0000-7000-8000-000000000000', \
             'service ' || i, 'words ' || (ARRAY['garden','kitchen','design','rust','logo','photo','video','audio'])[1 + i % 8], \
             CASE WHEN i % 3 = 0 THEN 'DESIGN' ELSE 'OTHER' END, (i * 7919) % 10000 + 100, 'USD', 50, 3, NULL, NULL, 1, \
             '[]', '', '[]', CASE WHEN i % 10 = 0 THEN 'PAUSED' ELSE 'ACTIVE' END, i, i \
             FROM generate_series(1, 20000) AS i"
        ),
    };
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .execute(tx.conn())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    sqlx::query("ANALYZE").execute(h.db.writer()).await.unwrap();
}

async fn plan(h: &Harness, sql: &str) -> String {
    let rows = match h.db.backend() {
        Backend::Sqlite => sqlx::query(sqlx::AssertSqlSafe(format!("EXPLAIN QUERY PLAN {sql}"))),
        Backend::Postgres => sqlx::query(sqlx::AssertSqlSafe(format!("EXPLAIN {sql}"))),
    }
    .fetch_all(h.db.reader())
    .await
    .unwrap();
    let lines: Vec<String> = rows
        .iter()
        .map(|r| match h.db.backend() {
            Backend::Sqlite => r.try_get::<String, _>("detail").unwrap(),
            Backend::Postgres => r.try_get::<String, _>(0).unwrap(),
        })
        .collect();
    let text = lines.join("\n");
    eprintln!("plan on {:?}:\n{text}", h.db.backend());
    text
}

fn numbers(items: &[openlance_catalog::Listing]) -> Vec<i64> {
    items
        .iter()
        .map(|l| l.title.trim_start_matches("service ").parse().unwrap())
        .collect()
}

/// The filled listings matching `word_index` that are active, in the given order.
fn expected(word_index: i64, by_price: Option<bool>) -> Vec<i64> {
    let mut ids: Vec<i64> = (1..=20_000)
        .filter(|i| i % 8 == word_index && i % 10 != 0)
        .collect();
    match by_price {
        None => ids.reverse(),
        Some(true) => ids.sort_by_key(|i| (price(*i), *i)),
        Some(false) => ids.sort_by_key(|i| std::cmp::Reverse((price(*i), *i))),
    }
    ids
}

#[tokio::test]
async fn newest_and_price_pages_read_an_index_in_order_without_sorting_the_matches() {
    let h = Harness::new().await;
    fill(&h).await;
    assert_eq!(WORDS.len(), 8);
    let search = |order| ServiceSearch {
        keywords: Some("gardens".into()),
        order,
        currency: Some(Currency::USD),
        limit: 20,
        ..ServiceSearch::default()
    };
    // The answers, from the walks (SQLite) or the planner (PostgreSQL).
    let page = h.catalog.search(&search(SortOrder::Newest)).await.unwrap();
    assert_eq!(numbers(&page.items), expected(0, None)[..20]);
    let page = h
        .catalog
        .search(&search(SortOrder::PriceAsc))
        .await
        .unwrap();
    assert_eq!(numbers(&page.items), expected(0, Some(true))[..20]);
    let next = ServiceSearch {
        cursor: page.next_cursor,
        ..search(SortOrder::PriceAsc)
    };
    let page = h.catalog.search(&next).await.unwrap();
    assert_eq!(numbers(&page.items), expected(0, Some(true))[20..40]);
    let page = h
        .catalog
        .search(&search(SortOrder::PriceDesc))
        .await
        .unwrap();
    assert_eq!(numbers(&page.items), expected(0, Some(false))[..20]);
    let browse = ServiceSearch {
        keywords: None,
        category: Some(Category::Design),
        ..search(SortOrder::PriceAsc)
    };
    let page = h.catalog.search(&browse).await.unwrap();
    let mut designs: Vec<i64> = (1..=20_000).filter(|i| i % 3 == 0 && i % 10 != 0).collect();
    designs.sort_by_key(|i| (price(*i), *i));
    assert_eq!(numbers(&page.items), designs[..20]);

    match h.db.backend() {
        Backend::Sqlite => {
            // Newest first: FTS5 walks its doclists backwards between the window's bounds.
            let text = plan(
                &h,
                "SELECT s.id FROM services_fts JOIN services s ON s.seq = services_fts.rowid \
                 WHERE services_fts MATCH '\"garden\"' AND s.status = 'ACTIVE' \
                 AND services_fts.rowid < 100000 AND services_fts.rowid >= 5000 \
                 ORDER BY services_fts.rowid DESC LIMIT 21",
            )
            .await;
            assert!(!text.contains("TEMP B-TREE"), "{text}");
            assert!(text.contains("VIRTUAL TABLE INDEX"), "{text}");
            // By price: the price index in order, the keyword probed by rowid.
            let text = plan(
                &h,
                "SELECT s.id FROM services s WHERE EXISTS (SELECT 1 FROM services_fts \
                 WHERE services_fts MATCH '\"garden\"' AND services_fts.rowid = s.seq) \
                 AND s.status = 'ACTIVE' AND s.price_currency = 'USD' \
                 AND s.price_amount >= 500 AND (s.price_amount > 500 OR s.seq > 7) \
                 AND s.price_amount <= 900 AND (s.price_amount < 900 OR s.seq <= 70) \
                 ORDER BY s.price_amount ASC, s.seq ASC LIMIT 21",
            )
            .await;
            assert!(!text.contains("TEMP B-TREE"), "{text}");
            assert!(text.contains("services_active_price"), "{text}");
            // A window's end: the covering price index, no listing read.
            let text = plan(
                &h,
                "SELECT s.price_amount, s.seq FROM services s WHERE s.status = 'ACTIVE' \
                 AND s.price_currency = 'USD' AND s.price_amount <= 900 \
                 AND (s.price_amount < 900 OR s.seq < 70) \
                 ORDER BY s.price_amount DESC, s.seq DESC LIMIT 1 OFFSET 63",
            )
            .await;
            assert!(!text.contains("TEMP B-TREE"), "{text}");
            assert!(
                text.contains("COVERING INDEX services_active_price"),
                "{text}"
            );
        }
        Backend::Postgres => {
            let text = plan(
                &h,
                "SELECT s.id FROM services s WHERE s.status = 'ACTIVE' \
                 AND s.search @@ plainto_tsquery('english', 'garden') AND s.seq < 100000 \
                 ORDER BY s.seq DESC LIMIT 21",
            )
            .await;
            assert!(!text.contains("Sort"), "{text}");
            assert!(text.contains("services_active_seq"), "{text}");
            let text = plan(
                &h,
                "SELECT s.id FROM services s WHERE s.status = 'ACTIVE' AND s.price_currency = 'USD' \
                 AND s.price_amount >= 500 AND (s.price_amount > 500 OR s.seq > 7) \
                 ORDER BY s.price_amount ASC, s.seq ASC LIMIT 21",
            )
            .await;
            assert!(!text.contains("Sort"), "{text}");
            assert!(text.contains("services_active_price"), "{text}");
        }
    }
}

/// A common keyword with a filter almost nothing passes, newest first and by price: each
/// request reads a bounded number of entries and answers a short page with a cursor;
/// following the cursors finds the listing, once.
#[tokio::test]
async fn a_rare_filter_over_a_common_keyword_is_walked_in_bounded_pages() {
    let h = Harness::new().await;
    let rare = h
        .list(
            UserId::new(),
            NewListing {
                location: Some("Reykjavík".into()),
                price: usd(5_000),
                ..listing("garden shed", "garden words")
            },
        )
        .await;
    fill(&h).await;
    for order in [SortOrder::Newest, SortOrder::PriceAsc, SortOrder::PriceDesc] {
        let mut search = ServiceSearch {
            // Every listing has "words": 20,001 matches.
            keywords: Some("words".into()),
            location: Some("reykjavík".into()),
            currency: Some(Currency::USD),
            order,
            limit: 20,
            ..ServiceSearch::default()
        };
        let mut pages = Vec::new();
        loop {
            let page = h.catalog.search(&search).await.unwrap();
            pages.push(page.items.iter().map(|l| l.id).collect::<Vec<_>>());
            match page.next_cursor {
                Some(c) => search.cursor = Some(c),
                None => break,
            }
            assert!(pages.len() < 20, "{order:?}: {pages:?}");
        }
        assert_eq!(pages.concat(), [rare.id], "{order:?}");
        if h.db.backend() == Backend::Sqlite {
            assert!(
                pages.len() >= 2,
                "{order:?}: a walk of 20,000 listings was not bounded"
            );
        }
    }
}
