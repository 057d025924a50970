//! Ratings: averages and counts of the visible reviews buyers wrote, per seller and per
//! listing; sellers' reviews of buyers never count.

use openlance_core::id::UserId;
use openlance_reviews::AuthorRole;

use crate::common::{Harness, days};

#[tokio::test]
async fn a_seller_and_each_listing_average_their_buyers_visible_reviews() {
    let h = Harness::new().await;
    let seller = UserId::new();
    let (logo, site) = (
        uuid::Uuid::now_v7().to_string(),
        uuid::Uuid::now_v7().to_string(),
    );
    for rating in [5, 4, 4] {
        let deal = h.completed(&logo, seller);
        h.review(deal.buyer, &deal, rating).await;
        h.review(deal.seller, &deal, 1).await;
    }
    let deal = h.completed(&site, seller);
    h.review(deal.buyer, &deal, 2).await;
    h.review(deal.seller, &deal, 1).await;
    // Written, but hidden until its window closes.
    let pending = h.completed(&site, seller);
    h.review(pending.buyer, &pending, 1).await;

    let rating = h.reviews.service_rating(&logo).await.unwrap();
    assert_eq!((rating.average, rating.count), (Some(4.33), 3));
    let rating = h.reviews.service_rating(&site).await.unwrap();
    assert_eq!((rating.average, rating.count), (Some(2.0), 1));
    let rating = h.reviews.seller_rating(seller).await.unwrap();
    assert_eq!((rating.average, rating.count), (Some(3.75), 4));
    let unrated = h.reviews.seller_rating(UserId::new()).await.unwrap();
    assert_eq!((unrated.average, unrated.count), (None, 0));
    // A listing's page reads both in one query.
    let (listing, by_seller) = h
        .reviews
        .listing_and_seller_ratings(&site, seller)
        .await
        .unwrap();
    assert_eq!((listing.average, listing.count), (Some(2.0), 1));
    assert_eq!((by_seller.average, by_seller.count), (Some(3.75), 4));
    let (listing, by_seller) = h
        .reviews
        .listing_and_seller_ratings(&uuid::Uuid::now_v7().to_string(), UserId::new())
        .await
        .unwrap();
    assert_eq!((listing.count, by_seller.count), (0, 0));

    let nobody = uuid::Uuid::now_v7().to_string();
    let many = h
        .reviews
        .service_ratings(&[logo.clone(), site.clone(), nobody.clone()])
        .await
        .unwrap();
    assert_eq!(many[&logo].count, 3);
    assert_eq!(many[&site].count, 1);
    assert!(!many.contains_key(&nobody));

    h.clock.advance(days(14));
    let rating = h.reviews.service_rating(&site).await.unwrap();
    assert_eq!(
        (rating.average, rating.count),
        (Some(1.5), 2),
        "the window closed"
    );
    assert_eq!(h.reviews.seller_rating(seller).await.unwrap().count, 5);
}

#[tokio::test]
async fn a_listing_page_never_shows_a_rating_that_has_changed() {
    let h = Harness::new().await;
    let seller = UserId::new();
    let service = uuid::Uuid::now_v7().to_string();
    let page = |h: &Harness| {
        let (reviews, service) = (h.reviews.clone(), service.clone());
        async move {
            let (listing, by_seller) = reviews
                .listing_and_seller_ratings(&service, seller)
                .await
                .unwrap();
            (listing.count, by_seller.count)
        }
    };
    let first = h.completed(&service, seller);
    h.review(first.buyer, &first, 4).await;
    // Read (and cached) while that review waits for its window to close.
    assert_eq!(page(&h).await, (0, 0));
    assert_eq!(page(&h).await, (0, 0));

    // A write: the seller's review publishes both at once.
    h.review(first.seller, &first, 5).await;
    assert_eq!(
        page(&h).await,
        (1, 1),
        "a review forgets the cached ratings"
    );

    // The clock: a lone review becomes visible when its window closes, with no write.
    let second = h.completed(&service, seller);
    h.review(second.buyer, &second, 2).await;
    assert_eq!(page(&h).await, (1, 1));
    h.clock
        .advance(days(14) - chrono::Duration::microseconds(1));
    assert_eq!(page(&h).await, (1, 1));
    h.clock.advance(chrono::Duration::microseconds(1));
    assert_eq!(page(&h).await, (2, 2), "the window closed this microsecond");
    let (listing, _) = h
        .reviews
        .listing_and_seller_ratings(&service, seller)
        .await
        .unwrap();
    assert_eq!(listing.average, Some(3.0));
    assert_eq!(h.reviews.seller_rating(seller).await.unwrap().count, 2);

    // Another seller's rating is cached apart.
    assert_eq!(
        h.reviews.seller_rating(UserId::new()).await.unwrap().count,
        0
    );
}

#[tokio::test]
async fn public_lists_are_newest_first_a_page_at_a_time() {
    let h = Harness::new().await;
    let seller = UserId::new();
    let service = uuid::Uuid::now_v7().to_string();
    let mut written = Vec::new();
    for i in 0..5 {
        let deal = h.completed(&service, seller);
        written.push(h.review(deal.buyer, &deal, 1 + i % 5).await.id);
        h.review(deal.seller, &deal, 5).await;
        h.clock.advance(days(1));
    }
    written.reverse();
    let mut seen = Vec::new();
    let mut cursor = None;
    loop {
        let page = h
            .reviews
            .reviews_of_service(&service, cursor.as_deref(), 2)
            .await
            .unwrap();
        seen.extend(page.items.iter().map(|r| r.id));
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(seen, written);
    let about_seller = h
        .reviews
        .reviews_of_user(seller, AuthorRole::Buyer, None, 3)
        .await
        .unwrap();
    assert_eq!(
        about_seller.items.iter().map(|r| r.id).collect::<Vec<_>>(),
        written[..3]
    );
    assert!(about_seller.next_cursor.is_some());
    let by_seller = h
        .reviews
        .reviews_of_user(seller, AuthorRole::Seller, None, 20)
        .await
        .unwrap();
    assert!(
        by_seller.items.is_empty(),
        "the seller was never reviewed as a buyer"
    );
}
