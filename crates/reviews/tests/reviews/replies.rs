//! The person reviewed replies once to a visible review about them.

use openlance_core::id::UserId;
use openlance_reviews::ReviewId;

use crate::common::{Harness, days};

#[tokio::test]
async fn the_reviewed_party_replies_once_to_a_visible_review() {
    let h = Harness::new().await;
    let deal = h.deal();
    let review = h.review(deal.buyer, &deal, 2).await;

    let hidden = h
        .reviews
        .reply(deal.seller, review.id, "thanks")
        .await
        .unwrap_err();
    assert_eq!(hidden.status(), 404, "the seller cannot see it yet");
    h.review(deal.seller, &deal, 5).await;

    let author = h
        .reviews
        .reply(deal.buyer, review.id, "me again")
        .await
        .unwrap_err();
    assert_eq!((author.status(), author.code()), (403, "forbidden"));
    let stranger = h
        .reviews
        .reply(UserId::new(), review.id, "hi")
        .await
        .unwrap_err();
    assert_eq!(stranger.status(), 404);
    let unknown = h
        .reviews
        .reply(deal.seller, ReviewId::new(), "hi")
        .await
        .unwrap_err();
    assert_eq!(unknown.status(), 404);
    for text in ["   ", &"x".repeat(2001)] {
        let bad = h
            .reviews
            .reply(deal.seller, review.id, text)
            .await
            .unwrap_err();
        assert_eq!(bad.status(), 400);
    }

    let replies = (0..6).map(|i| {
        h.reviews.reply(
            deal.seller,
            review.id,
            if i == 0 {
                "  Sorry about the delay.  "
            } else {
                "Sorry about the delay."
            },
        )
    });
    let results = futures_util::future::join_all(replies).await;
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        1,
        "{results:?}"
    );
    for e in results.iter().filter_map(|r| r.as_ref().err()) {
        assert_eq!((e.status(), e.code()), (409, "already_replied"));
    }
    let seen = h
        .reviews
        .order_reviews(deal.buyer, &deal.order)
        .await
        .unwrap();
    let replied = seen.reviews.iter().find(|r| r.id == review.id).unwrap();
    assert_eq!(replied.reply.as_deref(), Some("Sorry about the delay."));
    assert!(replied.replied_at.is_some());
    assert_eq!(
        h.event_kinds()
            .await
            .iter()
            .filter(|k| *k == "reviews.review_replied")
            .count(),
        1
    );
}

#[tokio::test]
async fn a_lone_review_may_be_replied_to_once_the_window_closes() {
    let h = Harness::new().await;
    let deal = h.deal();
    let review = h.review(deal.seller, &deal, 4).await;
    h.clock.advance(days(14));
    let replied = h
        .reviews
        .reply(deal.buyer, review.id, "Thank you!")
        .await
        .unwrap();
    assert_eq!(replied.reply.as_deref(), Some("Thank you!"));
}
