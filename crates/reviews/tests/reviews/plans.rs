//! The ratings and the public lists read the partial indexes only: no table scan, no sort.

use openlance_storage::{Backend, Row};

use crate::common::Harness;

async fn plan(h: &Harness, sql: &str) -> String {
    let mut conn = h.db.reader().acquire().await.unwrap();
    let lines: Vec<String> = match h.db.backend() {
        Backend::Sqlite => sqlx::query(sqlx::AssertSqlSafe(format!("EXPLAIN QUERY PLAN {sql}")))
            .fetch_all(&mut *conn)
            .await
            .unwrap()
            .iter()
            .map(|r| r.try_get::<String, _>("detail").unwrap())
            .collect(),
        Backend::Postgres => {
            // The test tables are tiny: make the planner show the plan it uses at scale.
            sqlx::query("SET enable_seqscan = off")
                .execute(&mut *conn)
                .await
                .unwrap();
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!("EXPLAIN {sql}")))
                .fetch_all(&mut *conn)
                .await
                .unwrap();
            sqlx::query("RESET enable_seqscan")
                .execute(&mut *conn)
                .await
                .unwrap();
            rows.iter()
                .map(|r| r.try_get::<String, _>(0).unwrap())
                .collect()
        }
    };
    lines.join("\n")
}

#[tokio::test]
async fn ratings_and_lists_walk_the_partial_indexes() {
    let h = Harness::new().await;
    // Enough rows over enough sellers and listings, with statistics, for each planner to
    // choose what it will choose in production.
    let mut tx = h.db.begin().await.unwrap();
    for i in 0..3000 {
        sqlx::query(
            "INSERT INTO reviews (id, order_id, service_id, author_id, subject_id, author_role, \
             rating, created_at, visible_from) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(format!("r{i:05}"))
        .bind(format!("o{:05}", i / 2))
        // A busy listing and a busy seller (half of all reviews) among many quiet ones.
        .bind(if i % 4 < 2 {
            "busy".to_string()
        } else {
            format!("s{}", i % 300)
        })
        .bind(format!("a{i}"))
        .bind(if i % 4 < 2 {
            "busy".to_string()
        } else {
            format!("u{}", i % 500)
        })
        .bind(if i % 2 == 0 { "BUYER" } else { "SELLER" })
        .bind(1 + i64::from(i % 5))
        .bind(i64::from(i))
        .bind(i64::from(i))
        .execute(tx.conn())
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let analyze = match h.db.backend() {
        Backend::Sqlite => "ANALYZE",
        // Also sets the visibility map, as autovacuum would, so index-only scans show.
        Backend::Postgres => "VACUUM ANALYZE reviews",
    };
    sqlx::query(analyze).execute(h.db.writer()).await.unwrap();
    let checks = [
        (
            "SELECT COUNT(*), SUM(rating) FROM reviews WHERE subject_id = 'busy' \
             AND author_role = 'BUYER' AND visible_from <= 2500",
            "reviews_of_sellers",
        ),
        (
            // The next hidden review's moment, which bounds how long a cached rating holds.
            "SELECT MIN(visible_from) FROM reviews WHERE author_role = 'BUYER' \
             AND subject_id = 'busy' AND visible_from > 2500",
            "reviews_of_sellers",
        ),
        (
            "SELECT service_id, COUNT(*), SUM(rating) FROM reviews WHERE author_role = 'BUYER' \
             AND service_id IN ('busy', 's2') AND visible_from <= 2500 GROUP BY service_id",
            "reviews_of_services",
        ),
        (
            "SELECT id, body FROM reviews WHERE service_id = 'busy' AND author_role = 'BUYER' \
             AND visible_from <= 2500 AND (visible_from, id) < (2000, 'r02000') \
             ORDER BY visible_from DESC, id DESC LIMIT 21",
            "reviews_of_services",
        ),
        (
            "SELECT id, body FROM reviews WHERE subject_id = 'busy' AND author_role = 'SELLER' \
             AND visible_from <= 2500 AND (visible_from, id) < (2000, 'r02000') \
             ORDER BY visible_from DESC, id DESC LIMIT 21",
            "reviews_of_buyers",
        ),
    ];
    for (sql, index) in checks {
        let text = plan(&h, sql).await;
        eprintln!("{sql}\n{text}\n");
        assert!(text.contains(index), "{index} unused:\n{text}");
        assert!(
            !text.contains("TEMP B-TREE FOR ORDER"),
            "SQLite sorts:\n{text}"
        );
        if h.db.backend() == Backend::Postgres && sql.contains("ORDER BY") {
            assert!(!text.contains("Sort"), "PostgreSQL sorts:\n{text}");
        }
    }
}
