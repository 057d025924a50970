//! Listing, reading and changing services: the rules of each field, defaults, what a
//! stranger gets, and the events written.

use openlance_catalog::{Category, Delivery, ListingChanges, ListingStatus, NewListing, ServiceId};
use openlance_core::id::UserId;
use openlance_core::{Currency, DomainError, Money};

use crate::common::{Harness, listing, usd};

fn fields(err: DomainError) -> Vec<String> {
    match err {
        DomainError::Validation(errors) => errors.into_iter().map(|e| e.field).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_listing_is_stored_with_its_defaults_and_read_back_by_id() {
    let h = Harness::new().await;
    let seller = UserId::new();
    let listed = h
        .list(
            seller,
            NewListing {
                category: Category::HomeAndPets,
                price: Money::new(2_500, Currency::EUR),
                delivery: Delivery::OnDate,
                location: Some("  Berlin, Kreuzberg ".into()),
                remote: false,
                tags: vec!["Dog Walking".into(), "pets".into()],
                image_links: vec!["https://img.example.com/rex.jpg".into()],
                ..listing("  Dog walking ", "An hour in the park")
            },
        )
        .await;
    assert_eq!(listed.title, "Dog walking");
    assert_eq!(listed.deposit_percent, 50);
    assert_eq!(listed.location.as_deref(), Some("Berlin, Kreuzberg"));
    assert_eq!(listed.tags, ["dog walking", "pets"]);
    assert_eq!(listed.status, ListingStatus::Active);
    assert!(listed.orderable());
    let read = h.catalog.get(&listed.id).await.unwrap().unwrap();
    assert_eq!(read, listed);
    assert_eq!(read.delivery, Delivery::OnDate);
    assert_eq!(read.price, Money::new(2_500, Currency::EUR));
    assert!(h.catalog.get(&ServiceId::new()).await.unwrap().is_none());
    assert_eq!(h.event_kinds().await, ["catalog.service_listed"]);

    let custom = h
        .list(
            seller,
            NewListing {
                deposit_percent: Some(100),
                ..listing("Logo", "Vector logo")
            },
        )
        .await;
    assert_eq!(custom.deposit_percent, 100);
    assert_eq!(custom.delivery, Delivery::Days(3));
    assert!(custom.seq > listed.seq);
}

#[tokio::test]
async fn a_bad_listing_names_every_broken_rule_and_writes_nothing() {
    let h = Harness::new().await;
    let bad = NewListing {
        title: " ".into(),
        description: "x".repeat(20_001),
        price: usd(0),
        deposit_percent: Some(0),
        delivery: Delivery::Days(366),
        location: Some("   ".into()),
        remote: false,
        tags: vec!["ok".into(), "<script>".into(), "x".repeat(31)],
        image_links: vec![
            "ftp://files.example.com/a.png".into(),
            "https://ok.example.com/b.png".into(),
        ],
        ..listing("t", "d")
    };
    let err = h
        .catalog
        .list_service(UserId::new(), bad)
        .await
        .unwrap_err();
    assert_eq!(err.status(), 400);
    assert_eq!(
        fields(err),
        [
            "title",
            "description",
            "price.amount",
            "depositPercent",
            "delivery.days",
            "location",
            "tags[1]",
            "tags[2]",
            "imageLinks[0]"
        ]
    );
    let too_many = NewListing {
        tags: (0..11).map(|i| format!("tag{i}")).collect(),
        image_links: (0..11)
            .map(|i| format!("https://x.example.com/{i}.png"))
            .collect(),
        deposit_percent: Some(101),
        price: usd(-5),
        ..listing("t", "d")
    };
    let err = h
        .catalog
        .list_service(UserId::new(), too_many)
        .await
        .unwrap_err();
    assert_eq!(
        fields(err),
        ["price.amount", "depositPercent", "tags", "imageLinks"]
    );
    assert_eq!(Delivery::in_days(0).unwrap_err().status(), 400);
    assert_eq!(Delivery::in_days(70_000).unwrap_err().status(), 400);
    assert_eq!(Delivery::in_days(365).unwrap(), Delivery::Days(365));
    assert_eq!(h.count("services", "1 = 1").await, 0);
    assert!(h.event_kinds().await.is_empty());
}

#[tokio::test]
async fn an_update_changes_only_what_is_sent_and_records_what_changed() {
    let h = Harness::new().await;
    let seller = UserId::new();
    let l = h
        .list(
            seller,
            NewListing {
                location: Some("Cairo".into()),
                ..listing("Math tutoring", "Algebra")
            },
        )
        .await;
    h.clock.advance(chrono::Duration::minutes(5));
    let changed = h
        .catalog
        .update_service(
            seller,
            l.id,
            ListingChanges {
                price: Some(usd(7_500)),
                deposit_percent: Some(20),
                title: Some("Math tutoring".into()),
                delivery: Some(Delivery::OnDate),
                location: Some(None),
                ..ListingChanges::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(changed.price, usd(7_500));
    assert_eq!(changed.deposit_percent, 20);
    assert_eq!(changed.location, None);
    assert_eq!(changed.description, "Algebra");
    assert!(changed.modified_at > l.modified_at);
    assert_eq!(h.catalog.get(&l.id).await.unwrap().unwrap(), changed);
    let row = sqlx::query("SELECT payload FROM outbox WHERE kind = 'catalog.service_updated'")
        .fetch_one(h.db.reader())
        .await
        .unwrap();
    let payload: String = openlance_storage::Row::try_get(&row, "payload").unwrap();
    let payload: serde_json::Value = serde_json::from_str(&payload).unwrap();
    assert_eq!(
        payload["changed"],
        serde_json::json!(["price", "depositPercent", "delivery", "location"])
    );

    // Neither a place nor remote: refused, nothing written.
    let err = h
        .catalog
        .update_service(
            seller,
            l.id,
            ListingChanges {
                remote: Some(false),
                title: Some("New".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(fields(err), ["location"]);
    let err = h
        .catalog
        .update_service(
            seller,
            l.id,
            ListingChanges {
                price: Some(usd(0)),
                tags: Some(vec!["a|b".into()]),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(fields(err), ["price.amount", "tags[0]"]);
    assert_eq!(h.catalog.get(&l.id).await.unwrap().unwrap(), changed);

    // An empty change, or one that sets what is there, writes no event.
    let before = h.event_kinds().await.len();
    h.catalog
        .update_service(
            seller,
            l.id,
            ListingChanges {
                price: Some(usd(7_500)),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    h.catalog
        .update_service(seller, l.id, ListingChanges::default())
        .await
        .unwrap();
    assert_eq!(h.event_kinds().await.len(), before);
}

#[tokio::test]
async fn a_strangers_listing_is_not_found_and_archived_ones_are_shown_to_their_seller_only() {
    let h = Harness::new().await;
    let (seller, stranger) = (UserId::new(), UserId::new());
    let l = h.list(seller, listing("Babysitting", "Evenings")).await;
    let changes = ListingChanges {
        title: Some("Mine now".into()),
        ..Default::default()
    };
    let err = h
        .catalog
        .update_service(stranger, l.id, changes.clone())
        .await
        .unwrap_err();
    assert!(matches!(err, DomainError::NotFound("service")), "{err:?}");
    let err = h.catalog.archive_service(stranger, l.id).await.unwrap_err();
    assert_eq!(err.status(), 404);
    let err = h
        .catalog
        .update_service(seller, ServiceId::new(), changes)
        .await
        .unwrap_err();
    assert_eq!(err.status(), 404);
    assert_eq!(
        h.catalog.get(&l.id).await.unwrap().unwrap().title,
        "Babysitting"
    );

    assert!(h.catalog.service_for(None, l.id).await.is_ok());
    h.catalog.archive_service(seller, l.id).await.unwrap();
    assert_eq!(
        h.catalog
            .service_for(None, l.id)
            .await
            .unwrap_err()
            .status(),
        404
    );
    assert_eq!(
        h.catalog
            .service_for(Some(stranger), l.id)
            .await
            .unwrap_err()
            .status(),
        404
    );
    let mine = h.catalog.service_for(Some(seller), l.id).await.unwrap();
    assert_eq!(mine.status, ListingStatus::Archived);
    assert!(!mine.orderable());
    // Other contexts (orders) still read it, to refuse it themselves.
    assert_eq!(
        h.catalog.get(&l.id).await.unwrap().unwrap().status,
        ListingStatus::Archived
    );
}

#[tokio::test]
async fn a_sellers_own_listings_come_in_every_status_newest_first_in_pages() {
    let h = Harness::new().await;
    let (seller, other) = (UserId::new(), UserId::new());
    let mut ids = Vec::new();
    for i in 0..5 {
        ids.push(
            h.list(seller, listing(&format!("service {i}"), "d"))
                .await
                .id,
        );
    }
    h.list(other, listing("not mine", "d")).await;
    h.catalog.archive_service(seller, ids[1]).await.unwrap();
    h.catalog
        .update_service(
            seller,
            ids[3],
            ListingChanges {
                status: Some(ListingStatus::Paused),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = h
            .catalog
            .seller_services(seller, None, cursor.as_deref(), 2)
            .await
            .unwrap();
        seen.extend(page.items.iter().map(|l| l.id));
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    let newest_first: Vec<_> = ids.iter().rev().copied().collect();
    assert_eq!(seen, newest_first);
    let archived = h
        .catalog
        .seller_services(seller, Some(ListingStatus::Archived), None, 20)
        .await
        .unwrap();
    assert_eq!(
        archived.items.iter().map(|l| l.id).collect::<Vec<_>>(),
        [ids[1]]
    );
    let err = h
        .catalog
        .seller_services(seller, None, Some("nope!"), 20)
        .await
        .unwrap_err();
    assert_eq!(err.status(), 400);
    let err = h
        .catalog
        .seller_services(seller, None, None, 0)
        .await
        .unwrap_err();
    assert_eq!(err.status(), 400);
}
