//! ACTIVE ⇄ PAUSED, either → ARCHIVED (final), through the transition helper: every move
//! audited and evented, every other move a 409 naming the current state, and of racing
//! moves exactly one wins.

use futures_util::future::join_all;
use openlance_catalog::{ListingChanges, ListingStatus};
use openlance_core::id::UserId;
use openlance_storage::Row;

use crate::common::{Harness, listing};

fn to(status: ListingStatus) -> ListingChanges {
    ListingChanges {
        status: Some(status),
        ..ListingChanges::default()
    }
}

/// `(from, to, actor)` of the listing's audit rows, oldest first.
async fn history(h: &Harness, id: &str) -> Vec<(String, String, Option<String>)> {
    let rows = sqlx::query(
        "SELECT from_status, to_status, actor_id FROM service_transitions \
         WHERE subject_id = $1 ORDER BY occurred_at, id",
    )
    .bind(id)
    .fetch_all(h.db.reader())
    .await
    .unwrap();
    rows.iter()
        .map(|r| {
            (
                r.try_get("from_status").unwrap(),
                r.try_get("to_status").unwrap(),
                r.try_get("actor_id").unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn pause_resume_and_archive_are_audited_and_evented() {
    let h = Harness::new().await;
    let seller = UserId::new();
    let l = h
        .list(seller, listing("Piano lessons", "Beginners welcome"))
        .await;
    let paused = h
        .catalog
        .update_service(seller, l.id, to(ListingStatus::Paused))
        .await
        .unwrap();
    assert_eq!(paused.status, ListingStatus::Paused);
    assert!(!paused.orderable());
    // Asking for the status it has is no move (PATCH is idempotent).
    h.catalog
        .update_service(seller, l.id, to(ListingStatus::Paused))
        .await
        .unwrap();
    let resumed = h
        .catalog
        .update_service(
            seller,
            l.id,
            ListingChanges {
                status: Some(ListingStatus::Active),
                title: Some("Piano".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (resumed.status, resumed.title.as_str()),
        (ListingStatus::Active, "Piano")
    );
    h.catalog
        .update_service(seller, l.id, to(ListingStatus::Paused))
        .await
        .unwrap();
    let archived = h.catalog.archive_service(seller, l.id).await.unwrap();
    assert_eq!(archived.status, ListingStatus::Archived);
    assert_eq!(
        h.catalog.get(&l.id).await.unwrap().unwrap().status,
        ListingStatus::Archived
    );

    let me = Some(seller.to_string());
    let moves = |f: &str, t: &str| (f.to_string(), t.to_string(), me.clone());
    assert_eq!(
        history(&h, &l.id.to_string()).await,
        [
            moves("ACTIVE", "PAUSED"),
            moves("PAUSED", "ACTIVE"),
            moves("ACTIVE", "PAUSED"),
            moves("PAUSED", "ARCHIVED"),
        ]
    );
    assert_eq!(
        h.event_kinds().await,
        [
            "catalog.service_listed",
            "catalog.service_paused",
            "catalog.service_updated",
            "catalog.service_resumed",
            "catalog.service_paused",
            "catalog.service_archived",
        ]
    );
}

#[tokio::test]
async fn an_archived_listing_is_final_and_each_refusal_names_its_state() {
    let h = Harness::new().await;
    let seller = UserId::new();
    let l = h
        .list(seller, listing("Cleaning", "Flats and offices"))
        .await;
    let err = h
        .catalog
        .update_service(seller, l.id, to(ListingStatus::Archived))
        .await
        .unwrap_err();
    assert_eq!(err.status(), 400, "archiving is DELETE's job: {err}");
    h.catalog.archive_service(seller, l.id).await.unwrap();
    let events = h.event_kinds().await.len();

    let err = h.catalog.archive_service(seller, l.id).await.unwrap_err();
    assert_eq!((err.status(), err.code()), (409, "invalid_transition"));
    assert_eq!(
        err.to_string(),
        "this service is ARCHIVED; it cannot become ARCHIVED"
    );
    for status in [ListingStatus::Active, ListingStatus::Paused] {
        let err = h
            .catalog
            .update_service(seller, l.id, to(status))
            .await
            .unwrap_err();
        assert_eq!(err.status(), 409);
        assert!(err.to_string().contains("ARCHIVED"), "{err}");
    }
    let err = h
        .catalog
        .update_service(
            seller,
            l.id,
            ListingChanges {
                title: Some("Back".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!((err.status(), err.code()), (409, "service_archived"));
    assert!(err.to_string().contains("ARCHIVED"), "{err}");
    assert_eq!(
        h.catalog.get(&l.id).await.unwrap().unwrap().title,
        "Cleaning"
    );
    assert_eq!(h.event_kinds().await.len(), events);
    assert_eq!(history(&h, &l.id.to_string()).await.len(), 1);
}

#[tokio::test]
async fn of_many_concurrent_moves_exactly_one_wins() {
    let h = Harness::new().await;
    let seller = UserId::new();
    let l = h.list(seller, listing("Logo design", "Vector")).await;
    let pauses = join_all((0..8).map(|_| {
        h.catalog
            .update_service(seller, l.id, to(ListingStatus::Paused))
    }))
    .await;
    // A pause that finds it paused is no move: all succeed, one moved it.
    assert!(pauses.iter().all(Result::is_ok), "{pauses:?}");
    let archives = join_all((0..8).map(|_| h.catalog.archive_service(seller, l.id))).await;
    assert_eq!(
        archives.iter().filter(|r| r.is_ok()).count(),
        1,
        "{archives:?}"
    );
    for err in archives.into_iter().filter_map(Result::err) {
        assert_eq!(
            (err.status(), err.code()),
            (409, "invalid_transition"),
            "{err}"
        );
    }
    let moved: Vec<_> = history(&h, &l.id.to_string())
        .await
        .into_iter()
        .map(|(f, t, _)| format!("{f}>{t}"))
        .collect();
    assert_eq!(moved, ["ACTIVE>PAUSED", "PAUSED>ARCHIVED"]);
    let kinds = h.event_kinds().await;
    assert_eq!(
        kinds
            .iter()
            .filter(|k| *k == "catalog.service_paused")
            .count(),
        1
    );
    assert_eq!(
        kinds
            .iter()
            .filter(|k| *k == "catalog.service_archived")
            .count(),
        1
    );
}
