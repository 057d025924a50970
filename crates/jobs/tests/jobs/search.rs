//! Keyword search: stemmed, case-insensitive, filtered, newest first or best match, with
//! stable cursors; and the plans that keep "newest 20 matches" from sorting every match.

use openlance_core::id::UserId;
use openlance_jobs::{
    BEST_CANDIDATES, Experience, JobChanges, JobDuration, JobSearch, NewJob, SearchOrder,
};
use openlance_storage::{Backend, Row};

use crate::common::{Harness, usd};

fn query(keywords: &str) -> JobSearch {
    JobSearch {
        keywords: Some(keywords.into()),
        limit: 20,
        ..JobSearch::default()
    }
}

async fn titles(h: &Harness, search: &JobSearch) -> Vec<String> {
    h.jobs
        .search(search)
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|j| j.title)
        .collect()
}

#[tokio::test]
async fn keywords_are_stemmed_and_case_insensitive_over_title_description_and_skills() {
    let h = Harness::new().await;
    let c = UserId::new();
    h.post(c, "Logo design", "A logo for a bakery", &[]).await;
    h.post(c, "Backend work", "An API in Rust", &["PostgreSQL"])
        .await;
    h.post(
        c,
        "Wedding photos",
        "Photographer wanted for DESIGNING albums",
        &[],
    )
    .await;
    assert_eq!(
        titles(&h, &query("designing")).await,
        ["Wedding photos", "Logo design"]
    );
    assert_eq!(titles(&h, &query("LOGO")).await, ["Logo design"]);
    assert_eq!(titles(&h, &query("postgresql")).await, ["Backend work"]);
    assert_eq!(titles(&h, &query("rust api")).await, ["Backend work"]);
    assert!(titles(&h, &query("rust logo")).await.is_empty());
    // Query syntax is not interpreted: quotes, stars and operators are just separators.
    assert_eq!(titles(&h, &query("\"logo\"* (:^")).await, ["Logo design"]);
}

#[tokio::test]
async fn filters_narrow_the_matches_and_only_open_jobs_are_found() {
    let h = Harness::new().await;
    let c = UserId::new();
    let a = h
        .post(c, "Logo design", "vector logo", &["Illustrator"])
        .await;
    let b = h
        .post(c, "Logo animation", "animated logo", &["After Effects"])
        .await;
    h.jobs
        .post_job(
            c,
            NewJob {
                title: "Logo on a budget".into(),
                description: "small logo".into(),
                budget: Some(usd(5_000)),
                experience: Some(Experience::EntryLevel),
                duration: Some(JobDuration::MoreThanSixMonths),
                ..NewJob::default()
            },
        )
        .await
        .unwrap();
    let skill = JobSearch {
        skills: vec!["illustrator".into()],
        ..query("logo")
    };
    assert_eq!(titles(&h, &skill).await, ["Logo design"]);
    let skill_only = JobSearch {
        skills: vec!["AFTER EFFECTS".into()],
        limit: 20,
        ..JobSearch::default()
    };
    assert_eq!(titles(&h, &skill_only).await, ["Logo animation"]);
    let cheap = JobSearch {
        max_budget: Some(10_000),
        ..query("logo")
    };
    assert_eq!(titles(&h, &cheap).await, ["Logo on a budget"]);
    let rich = JobSearch {
        min_budget: Some(10_000),
        ..query("logo")
    };
    assert_eq!(titles(&h, &rich).await, ["Logo animation", "Logo design"]);
    let entry = JobSearch {
        experience: Some(Experience::EntryLevel),
        ..query("logo")
    };
    assert_eq!(titles(&h, &entry).await, ["Logo on a budget"]);
    let long = JobSearch {
        duration: Some(JobDuration::MoreThanSixMonths),
        ..query("")
    };
    assert_eq!(titles(&h, &long).await, ["Logo on a budget"]);

    h.jobs.close_job(c, b.id).await.unwrap();
    assert_eq!(titles(&h, &query("animated")).await, Vec::<String>::new());
    assert_eq!(
        titles(&h, &query("logo")).await,
        ["Logo on a budget", "Logo design"]
    );
    // An update re-indexes: the old words no longer find it, the new ones do.
    h.jobs
        .update_job(
            c,
            a.id,
            JobChanges {
                description: Some("mascot drawing".into()),
                title: Some("Mascot".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(titles(&h, &query("vector")).await.is_empty());
    assert_eq!(titles(&h, &query("drawing")).await, ["Mascot"]);
}

#[tokio::test]
async fn cursor_pages_have_no_duplicates_or_gaps_while_new_jobs_arrive() {
    let h = Harness::new().await;
    let c = UserId::new();
    let mut posted = Vec::new();
    for i in 0..25 {
        let (keyword, place) = if i % 5 == 4 {
            ("other", "kitchen")
        } else {
            ("gardening", "garden")
        };
        posted.push(
            h.post(
                c,
                &format!("{keyword} job {i}"),
                &format!("work in the {place}"),
                &[],
            )
            .await,
        );
    }
    let expected: Vec<String> = posted
        .iter()
        .rev()
        .filter(|j| !j.title.starts_with("other"))
        .map(|j| j.title.clone())
        .collect();
    for order in [SearchOrder::Newest, SearchOrder::Best] {
        let mut seen = Vec::new();
        let mut cursor = None;
        let mut pages = 0;
        loop {
            let page = h
                .jobs
                .search(&JobSearch {
                    keywords: Some("gardening".into()),
                    limit: 6,
                    cursor,
                    order,
                    ..JobSearch::default()
                })
                .await
                .unwrap();
            seen.extend(page.items.into_iter().map(|j| j.title));
            // New matching jobs arrive between newest-first pages: they are newer than the
            // cursor. (Best-match scores shift as the corpus grows, so that order is
            // paged over a quiet corpus.)
            if order == SearchOrder::Newest {
                h.post(c, &format!("gardening late {pages}"), "garden", &[])
                    .await;
            }
            pages += 1;
            assert!(pages < 10, "paging does not end: {seen:?}");
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
        if order == SearchOrder::Newest {
            assert_eq!(seen, expected);
            assert_eq!(pages, 4);
        } else {
            // Best match: every job exactly once (the new ones may rank anywhere).
            let mut unique = seen.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), seen.len(), "duplicates: {seen:?}");
            for title in &expected {
                assert!(seen.contains(title), "{title} missing from {seen:?}");
            }
        }
    }
    let bad = h
        .jobs
        .search(&JobSearch {
            cursor: Some("garbage!".into()),
            ..query("gardening")
        })
        .await;
    assert_eq!(bad.unwrap_err().status(), 400);
    let bad = h
        .jobs
        .search(&JobSearch {
            limit: 0,
            ..query("gardening")
        })
        .await;
    assert_eq!(bad.unwrap_err().status(), 400);
}

/// The plan of "newest matches" at 20,000 jobs: no sort of the matches on either engine.
#[tokio::test]
async fn newest_matches_are_read_in_index_order_without_sorting() {
    let h = Harness::new().await;
    let words = [
        "garden", "kitchen", "design", "rust", "logo", "photo", "video", "audio",
    ];
    let mut tx = h.db.begin().await.unwrap();
    let fill = match h.db.backend() {
        Backend::Sqlite => {
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) \
             INSERT INTO jobs (id, client_id, title, description, skills, skills_key, skills_text, status, created_at, modified_at) \
             SELECT printf('00000000-0000-7000-8000-%012d', i), '00000000-0000-7000-8000-000000000000', 'job ' || i, 'words ' || (CASE i % 8 WHEN 0 THEN 'garden' WHEN 1 THEN 'kitchen' WHEN 2 THEN 'design' WHEN 3 THEN 'rust' WHEN 4 THEN 'logo' WHEN 5 THEN 'photo' WHEN 6 THEN 'video' ELSE 'audio' END), \
             '[]', '|', '', CASE WHEN i % 10 = 0 THEN 'CLOSED' ELSE 'OPEN' END, i, i FROM n"
        }
        Backend::Postgres => {
            "INSERT INTO jobs (id, client_id, title, description, skills, skills_key, skills_text, status, created_at, modified_at) \
             SELECT '00000000-0000-7000-8000-' || lpad(i::text, 12, '0'), '00000000-0000-7000-8000-000000000000', 'job ' || i, 'words ' || (ARRAY['garden','kitchen','design','rust','logo','photo','video','audio'])[1 + i % 8], \
             '[]', '|', '', CASE WHEN i % 10 = 0 THEN 'CLOSED' ELSE 'OPEN' END, i, i FROM generate_series(1, 20000) AS i"
        }
    };
    sqlx::query(fill).execute(tx.conn()).await.unwrap();
    tx.commit().await.unwrap();
    let analyze = sqlx::query("ANALYZE").execute(h.db.writer()).await;
    analyze.unwrap();
    assert!(words.len() == 8);

    // The search finds the newest open matches first.
    let page = h.jobs.search(&query("gardens")).await.unwrap();
    assert_eq!(page.items.len(), 20);
    assert_eq!(page.items[0].title, "job 19992");
    assert!(page.items.windows(2).all(|w| w[0].seq > w[1].seq));

    let plan: Vec<String> = match h.db.backend() {
        Backend::Sqlite => {
            let rows = sqlx::query(
                "EXPLAIN QUERY PLAN SELECT j.id FROM jobs_fts JOIN jobs j ON j.seq = jobs_fts.rowid \
                 WHERE j.status = 'OPEN' AND jobs_fts MATCH '\"garden\"' AND jobs_fts.rowid < 100000 AND jobs_fts.rowid >= 5000 \
                 ORDER BY jobs_fts.rowid DESC LIMIT 21",
            )
            .fetch_all(h.db.reader())
            .await
            .unwrap();
            rows.iter()
                .map(|r| r.try_get::<String, _>("detail").unwrap())
                .collect()
        }
        Backend::Postgres => {
            let rows = sqlx::query(
                "EXPLAIN SELECT j.id FROM jobs j WHERE j.status = 'OPEN' \
                 AND j.search @@ plainto_tsquery('english', 'garden') AND j.seq < 100000 \
                 ORDER BY j.seq DESC LIMIT 21",
            )
            .fetch_all(h.db.reader())
            .await
            .unwrap();
            rows.iter()
                .map(|r| r.try_get::<String, _>(0).unwrap())
                .collect()
        }
    };
    let text = plan.join("\n");
    eprintln!("plan on {:?}:\n{text}", h.db.backend());
    assert!(
        !text.contains("TEMP B-TREE"),
        "SQLite sorts the matches:\n{text}"
    );
    match h.db.backend() {
        Backend::Sqlite => assert!(text.contains("VIRTUAL TABLE INDEX"), "{text}"),
        Backend::Postgres => {
            assert!(
                !text.contains("Sort"),
                "PostgreSQL sorts the matches:\n{text}"
            );
            assert!(text.contains("jobs_open_seq"), "{text}");
        }
    }
}

/// Every page of `search`, following its cursors (at most ten pages).
async fn pages(h: &Harness, mut search: JobSearch) -> Vec<Vec<openlance_jobs::JobId>> {
    let mut pages = Vec::new();
    loop {
        let page = h.jobs.search(&search).await.unwrap();
        pages.push(page.items.iter().map(|j| j.id).collect::<Vec<_>>());
        match page.next_cursor {
            Some(c) => search.cursor = Some(c),
            None => break,
        }
        assert!(pages.len() < 10, "{pages:?}");
    }
    pages
}

/// `count` open jobs described as `description`, posted after every job so far, written
/// in one statement.
async fn fill(h: &Harness, count: i64, description: &str) {
    let series = match h.db.backend() {
        Backend::Sqlite => {
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) \
             INSERT INTO jobs (id, client_id, title, description, skills, skills_key, skills_text, status, created_at, modified_at) \
             SELECT printf('00000000-0000-7000-8000-%012d', i), '00000000-0000-7000-8000-000000000000', 'job ' || i, $2, \
             '[]', '|', '', 'OPEN', i, i FROM n"
        }
        Backend::Postgres => {
            "INSERT INTO jobs (id, client_id, title, description, skills, skills_key, skills_text, status, created_at, modified_at) \
             SELECT '00000000-0000-7000-8000-' || lpad(i::text, 12, '0'), '00000000-0000-7000-8000-000000000000', 'job ' || i, $2, \
             '[]', '|', '', 'OPEN', i, i FROM generate_series(1, $1) AS i"
        }
    };
    sqlx::query(series)
        .bind(count)
        .bind(description)
        .execute(h.db.writer())
        .await
        .unwrap();
}

/// A word only older jobs hold, below many newer jobs: the bounded walk finds none among
/// the newest, and the matches further down come in order, every one once, on every page
/// and in best match.
#[tokio::test]
async fn a_word_only_older_jobs_hold_is_found_below_the_newest() {
    let h = Harness::new().await;
    let mut lighthouses = Vec::new();
    for i in 0..30 {
        let job = h
            .post(
                UserId::new(),
                &format!("lighthouse {i}"),
                "keeping the light",
                &[],
            )
            .await;
        lighthouses.push(job.id);
    }
    fill(&h, 20_000, "garden work").await;
    let newest_first: Vec<_> = lighthouses.iter().rev().copied().collect();
    let pages = pages(&h, query("lighthouse")).await;
    assert_eq!(pages.concat(), newest_first);
    assert_eq!(pages[0].len(), 20);
    let best = h
        .jobs
        .search(&JobSearch {
            order: SearchOrder::Best,
            limit: 100,
            ..query("lighthouse")
        })
        .await
        .unwrap();
    let mut ranked: Vec<_> = best.items.iter().map(|j| j.id).collect();
    ranked.sort();
    let mut all = lighthouses.clone();
    all.sort();
    assert_eq!(ranked, all);
    assert!(best.next_cursor.is_none());
    // A word no job holds: nothing, and no cursor.
    let none = h.jobs.search(&query("zeppelin")).await.unwrap();
    assert!(none.items.is_empty() && none.next_cursor.is_none());
    let none_ranked = h
        .jobs
        .search(&JobSearch {
            order: SearchOrder::Best,
            ..query("zeppelin")
        })
        .await
        .unwrap();
    assert!(none_ranked.items.is_empty() && none_ranked.next_cursor.is_none());
}

/// A common keyword with a filter almost nothing passes: each request reads a bounded
/// number of matches and answers a short page with a cursor; following it finds the job.
#[tokio::test]
async fn a_rare_filter_over_a_common_keyword_is_walked_in_bounded_pages() {
    let h = Harness::new().await;
    let rare = h
        .post(UserId::new(), "garden shed", "the garden", &["Carpentry"])
        .await;
    fill(&h, 20_000, "garden work").await;
    let search = JobSearch {
        skills: vec!["carpentry".into()],
        ..query("garden")
    };
    let pages = pages(&h, search).await;
    assert_eq!(pages.concat(), [rare.id]);
    if h.db.backend() == Backend::Sqlite {
        // 20,000 newer matches: the first request stops at its bound with an empty page.
        assert!(pages.len() >= 2 && pages[0].is_empty(), "{pages:?}");
    }
}

/// Best match ranks the newest `BEST_CANDIDATES` matches: an older, better match is not
/// ranked, and the pages of one search keep the same candidates.
#[tokio::test]
async fn best_match_ranks_the_newest_candidates_across_its_pages() {
    let h = Harness::new().await;
    let old = h
        .post(
            UserId::new(),
            "garden garden garden",
            "garden garden garden garden",
            &[],
        )
        .await;
    let newer = usize::try_from(BEST_CANDIDATES).unwrap() + 10;
    for i in 0..newer {
        h.post(
            UserId::new(),
            &format!("job {i}"),
            "some work in a garden, then many other words after it",
            &[],
        )
        .await;
    }
    let mut search = JobSearch {
        order: SearchOrder::Best,
        limit: 100,
        ..query("garden")
    };
    let mut seen = Vec::new();
    loop {
        let page = h.jobs.search(&search).await.unwrap();
        seen.extend(page.items.iter().map(|j| j.id));
        match page.next_cursor {
            Some(c) => search.cursor = Some(c),
            None => break,
        }
        assert!(seen.len() <= newer, "paging does not end");
    }
    assert_eq!(seen.len(), usize::try_from(BEST_CANDIDATES).unwrap());
    assert!(
        !seen.contains(&old.id),
        "an old match outside the candidates was ranked"
    );
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), seen.len(), "duplicates across pages");
    // A cursor written by the client without the candidates' floor ranks them all the same.
    #[derive(serde::Serialize)]
    struct Forged {
        seq: i64,
        score: f64,
    }
    let forged = openlance_core::Cursor::encode(&Forged {
        seq: i64::MAX,
        score: f64::MAX,
    })
    .into_string();
    let mut all_ranked = 0;
    let mut search = JobSearch {
        order: SearchOrder::Best,
        limit: 100,
        cursor: Some(forged),
        ..query("garden")
    };
    loop {
        let page = h.jobs.search(&search).await.unwrap();
        assert!(
            page.items.iter().all(|j| j.id != old.id),
            "ranked beyond the candidates"
        );
        all_ranked += page.items.len();
        match page.next_cursor {
            Some(c) => search.cursor = Some(c),
            None => break,
        }
    }
    assert_eq!(all_ranked, usize::try_from(BEST_CANDIDATES).unwrap());
    // Newest first still reaches every match.
    let mut all = 0;
    let mut search = query("garden");
    search.limit = 100;
    loop {
        let page = h.jobs.search(&search).await.unwrap();
        all += page.items.len();
        match page.next_cursor {
            Some(c) => search.cursor = Some(c),
            None => break,
        }
    }
    assert_eq!(all, newer + 1);
}
