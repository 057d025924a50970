//! Who may review an order, when, and how often.

use chrono::Duration;
use openlance_core::id::UserId;
use openlance_core::{Clock, DomainError};
use openlance_reviews::{AuthorRole, NewReview};

use crate::common::{Harness, days, stars};

fn code(e: &DomainError) -> (u16, &'static str) {
    (e.status(), e.code())
}

#[tokio::test]
async fn each_party_reviews_a_completed_order_once() {
    let h = Harness::new().await;
    let deal = h.deal();
    let by_buyer = h.review(deal.buyer, &deal, 5).await;
    assert_eq!(by_buyer.author_role, AuthorRole::Buyer);
    assert_eq!(by_buyer.subject_id, deal.seller);
    assert_eq!(by_buyer.service_id, deal.service);
    assert_eq!(by_buyer.text.as_deref(), Some("fine work"));
    let by_seller = h.review(deal.seller, &deal, 4).await;
    assert_eq!(by_seller.author_role, AuthorRole::Seller);
    assert_eq!(by_seller.subject_id, deal.buyer);

    for party in [deal.buyer, deal.seller] {
        let again = h
            .reviews
            .submit(party, &deal.order, stars(1, "changed my mind"))
            .await
            .unwrap_err();
        assert_eq!(code(&again), (409, "already_reviewed"));
    }
    assert_eq!(h.count("reviews").await, 2);
    assert_eq!(
        h.event_kinds().await,
        [
            "reviews.review_submitted",
            "reviews.review_submitted",
            "reviews.review_published",
            "reviews.review_published",
        ]
    );
    let submitted = openlance_bus::outbox::payloads_of_kind(&h.db, "reviews.review_submitted")
        .await
        .unwrap();
    assert_eq!(submitted[0]["reviewId"], by_buyer.id.to_string());
    assert_eq!(submitted[0]["orderId"], deal.order);
    assert_eq!(submitted[0]["serviceId"], deal.service);
    assert_eq!(submitted[0]["authorId"], deal.buyer.to_string());
    assert_eq!(submitted[0]["subjectId"], deal.seller.to_string());
    assert_eq!(submitted[0]["rating"], 5);
}

#[tokio::test]
async fn a_double_click_writes_one_review() {
    let h = Harness::new().await;
    let deal = h.deal();
    let attempts = (0..8).map(|_| h.reviews.submit(deal.buyer, &deal.order, stars(5, "great")));
    let results = futures_util::future::join_all(attempts).await;
    let written = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(written, 1, "{results:?}");
    for r in results.iter().filter_map(|r| r.as_ref().err()) {
        assert_eq!(r.status(), 409, "{r}");
    }
    assert_eq!(h.count("reviews").await, 1);
    assert_eq!(h.event_kinds().await, ["reviews.review_submitted"]);
}

#[tokio::test]
async fn strangers_and_unknown_orders_are_not_found() {
    let h = Harness::new().await;
    let deal = h.deal();
    let stranger = UserId::new();
    let e = h
        .reviews
        .submit(stranger, &deal.order, stars(1, "never met them"))
        .await
        .unwrap_err();
    assert_eq!(code(&e), (404, "not_found"));
    let e = h
        .reviews
        .order_reviews(stranger, &deal.order)
        .await
        .unwrap_err();
    assert_eq!(code(&e), (404, "not_found"));
    let unknown = uuid::Uuid::now_v7().to_string();
    let e = h
        .reviews
        .submit(deal.buyer, &unknown, stars(5, "?"))
        .await
        .unwrap_err();
    assert_eq!(code(&e), (404, "not_found"));
    let e = h
        .reviews
        .submit(deal.buyer, "not-an-id", stars(5, "?"))
        .await
        .unwrap_err();
    assert_eq!(code(&e), (400, "validation_failed"));
    assert_eq!(h.count("reviews").await, 0);
    assert_eq!(h.count("outbox").await, 0);
}

#[tokio::test]
async fn an_order_is_reviewed_only_after_completion_and_within_the_window() {
    let h = Harness::new().await;
    let deal = h.deal();
    h.put(&deal, false);
    let e = h
        .reviews
        .submit(deal.buyer, &deal.order, stars(5, "early"))
        .await
        .unwrap_err();
    assert_eq!(code(&e), (409, "order_not_completed"));
    let before = h
        .reviews
        .order_reviews(deal.buyer, &deal.order)
        .await
        .unwrap();
    assert!(!before.may_review && before.closes_at.is_none());

    h.put(&deal, true);
    let open = h
        .reviews
        .order_reviews(deal.seller, &deal.order)
        .await
        .unwrap();
    assert!(open.may_review);
    assert_eq!(open.closes_at, Some(h.clock.now() + days(14)));

    h.clock.advance(days(14) - Duration::seconds(1));
    h.review(deal.buyer, &deal, 4).await;
    h.clock.advance(Duration::seconds(1));
    let e = h
        .reviews
        .submit(deal.seller, &deal.order, stars(5, "late"))
        .await
        .unwrap_err();
    assert_eq!(code(&e), (409, "review_window_closed"));
    let closed = h
        .reviews
        .order_reviews(deal.seller, &deal.order)
        .await
        .unwrap();
    assert!(!closed.may_review);
    assert_eq!(h.count("reviews").await, 1);
}

#[tokio::test]
async fn bad_reviews_are_refused_and_nothing_is_written() {
    let h = Harness::new().await;
    let deal = h.deal();
    for (rating, text) in [(0, "x".to_string()), (6, "x".into()), (-1, "x".into())] {
        let e = h
            .reviews
            .submit(deal.buyer, &deal.order, stars(rating, &text))
            .await
            .unwrap_err();
        assert_eq!(code(&e), (400, "validation_failed"), "{rating}");
    }
    let long = "é".repeat(5001);
    let e = h
        .reviews
        .submit(deal.buyer, &deal.order, stars(5, &long))
        .await
        .unwrap_err();
    let DomainError::Validation(fields) = e else {
        panic!("not a validation error")
    };
    assert_eq!(fields[0].field, "text");
    assert_eq!(h.count("reviews").await, 0);
    assert_eq!(h.count("review_windows").await, 0);

    // The text is optional and trimmed; 5000 characters are allowed.
    let blank = h
        .reviews
        .submit(
            deal.buyer,
            &deal.order,
            NewReview {
                rating: 3,
                text: Some("   ".into()),
            },
        )
        .await
        .unwrap();
    assert_eq!(blank.text, None);
    let full = h
        .reviews
        .submit(deal.seller, &deal.order, stars(5, &"é".repeat(5000)))
        .await
        .unwrap();
    assert_eq!(full.text.unwrap().chars().count(), 5000);
}
