//! Double-blind: neither party sees the other's review until both have written or the
//! window has closed, and nobody else sees either before then.

use chrono::Duration;
use openlance_core::Clock;
use openlance_reviews::AuthorRole;

use crate::common::{Harness, days};

#[tokio::test]
async fn a_review_stays_hidden_until_the_other_party_writes_theirs() {
    let h = Harness::new().await;
    let deal = h.deal();
    let by_buyer = h.review(deal.buyer, &deal, 5).await;
    assert_eq!(by_buyer.visible_from, h.clock.now() + days(14));

    assert_eq!(
        h.seen_by(deal.buyer, &deal).await,
        [deal.buyer],
        "your own, always"
    );
    assert!(
        h.seen_by(deal.seller, &deal).await.is_empty(),
        "not yet theirs"
    );
    let public = h
        .reviews
        .reviews_of_service(&deal.service, None, 20)
        .await
        .unwrap();
    assert!(public.items.is_empty());
    let about_seller = h
        .reviews
        .reviews_of_user(deal.seller, AuthorRole::Buyer, None, 20)
        .await
        .unwrap();
    assert!(about_seller.items.is_empty());
    assert_eq!(h.reviews.seller_rating(deal.seller).await.unwrap().count, 0);
    assert_eq!(
        h.reviews.service_rating(&deal.service).await.unwrap().count,
        0
    );

    h.clock.advance(days(3));
    let by_seller = h.review(deal.seller, &deal, 4).await;
    assert_eq!(
        by_seller.visible_from,
        h.clock.now(),
        "the second review publishes both"
    );
    for party in [deal.buyer, deal.seller] {
        assert_eq!(h.seen_by(party, &deal).await, [deal.buyer, deal.seller]);
    }
    let public = h
        .reviews
        .reviews_of_service(&deal.service, None, 20)
        .await
        .unwrap();
    assert_eq!(
        public.items.len(),
        1,
        "the listing shows its buyer's review only"
    );
    assert_eq!(public.items[0].id, by_buyer.id);
    assert_eq!(public.items[0].visible_from, h.clock.now());
    let about_buyer = h
        .reviews
        .reviews_of_user(deal.buyer, AuthorRole::Seller, None, 20)
        .await
        .unwrap();
    assert_eq!(about_buyer.items[0].id, by_seller.id);
    let rating = h.reviews.seller_rating(deal.seller).await.unwrap();
    assert_eq!((rating.average, rating.count), (Some(5.0), 1));

    let published = openlance_bus::outbox::payloads_of_kind(&h.db, "reviews.review_published")
        .await
        .unwrap();
    let ids: Vec<_> = published.iter().map(|p| p["reviewId"].clone()).collect();
    assert_eq!(
        ids,
        [by_buyer.id.to_string(), by_seller.id.to_string()],
        "both reviews are announced as published"
    );
}

#[tokio::test]
async fn a_lone_review_shows_when_the_window_closes() {
    let h = Harness::new().await;
    let deal = h.deal();
    h.clock.advance(days(2));
    let by_buyer = h.review(deal.buyer, &deal, 3).await;
    assert_eq!(
        by_buyer.visible_from,
        h.clock.now() - days(2) + days(14),
        "the window runs from completion, not from the review"
    );
    h.clock.advance(days(12) - Duration::seconds(1));
    assert!(h.seen_by(deal.seller, &deal).await.is_empty());
    assert_eq!(h.reviews.seller_rating(deal.seller).await.unwrap().count, 0);

    h.clock.advance(Duration::seconds(1));
    assert_eq!(h.seen_by(deal.seller, &deal).await, [deal.buyer]);
    let public = h
        .reviews
        .reviews_of_service(&deal.service, None, 20)
        .await
        .unwrap();
    assert_eq!(public.items[0].id, by_buyer.id);
    let rating = h.reviews.service_rating(&deal.service).await.unwrap();
    assert_eq!((rating.average, rating.count), (Some(3.0), 1));
    assert_eq!(
        h.event_kinds().await,
        ["reviews.review_submitted"],
        "the window closes by the clock, with no write"
    );
}

#[tokio::test]
async fn both_parties_reviewing_at_once_publish_both() {
    // Run many orders so the two submissions really interleave on PostgreSQL.
    let h = Harness::new().await;
    let deals: Vec<_> = (0..10).map(|_| h.deal()).collect();
    let writes = deals.iter().flat_map(|d| {
        [
            h.reviews
                .submit(d.buyer, &d.order, crate::common::stars(5, "a")),
            h.reviews
                .submit(d.seller, &d.order, crate::common::stars(4, "b")),
        ]
    });
    for result in futures_util::future::join_all(writes).await {
        result.unwrap();
    }
    for deal in &deals {
        assert_eq!(
            h.seen_by(deal.seller, deal).await.len(),
            2,
            "whichever came second saw the first"
        );
    }
    assert_eq!(
        h.event_kinds()
            .await
            .iter()
            .filter(|k| k.ends_with("published"))
            .count(),
        20
    );
}

#[tokio::test]
async fn a_forged_cursor_reveals_no_hidden_review() {
    let h = Harness::new().await;
    let deal = h.deal();
    h.review(deal.buyer, &deal, 1).await;
    let future = openlance_core::time::to_micros(h.clock.now() + days(30));
    let forged = openlance_core::Cursor::encode(&(future, "ffffffff")).into_string();
    let page = h
        .reviews
        .reviews_of_service(&deal.service, Some(&forged), 20)
        .await
        .unwrap();
    assert!(page.items.is_empty());
    let garbage = h
        .reviews
        .reviews_of_service(&deal.service, Some("nope"), 20)
        .await;
    assert_eq!(garbage.unwrap_err().status(), 400);
}
