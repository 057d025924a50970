//! A completed order reviewed by both parties through our routes: hidden until both have
//! written, then shown to both and to everyone, on the listing, in search results and on
//! the seller's profile (fresh despite the profile cache); the reviewee replies once.

use futures_util::future::join_all;
use serde_json::json;

use super::{completed, rating, review, reviews_uri, seen_by};
use crate::orders::{post_keyed, shop};
use openlance_http::testing::TestApp;

#[tokio::test]
async fn both_parties_review_double_blind_and_the_ratings_show_everywhere() {
    let app = TestApp::new().await;
    let s = shop(&app, "rita", 8_000).await;
    let order = completed(&app, &s).await;
    let service_uri = format!("/api/v1/services/{}", s.service);
    let profile_uri = format!("/api/v1/users/{}", s.seller.id);

    let before = app.get(&reviews_uri(&order), Some(&s.buyer.token)).await;
    assert_eq!(before.status, 200, "{}", before.text);
    assert_eq!(before.json["reviews"], json!([]));
    assert_eq!(before.json["mayReview"], true);
    assert!(before.json["closesAt"].is_string());

    let mine = review(&app, &s.buyer, &order, 5, "Lovely walks, happy dog.").await;
    assert_eq!(mine.status, 201, "{}", mine.text);
    assert_eq!(mine.json["authorRole"], "BUYER");
    assert_eq!(mine.json["subjectId"], s.seller.id);
    assert_eq!(mine.json["serviceId"], s.service);
    assert_eq!(mine.json["visible"], false);
    let buyers_review = mine.json["id"].as_str().unwrap().to_string();

    assert_eq!(
        seen_by(&app, &s.buyer, &order).await,
        std::slice::from_ref(&s.buyer.id)
    );
    assert!(seen_by(&app, &s.seller, &order).await.is_empty(), "not yet");
    let public = app.get(&format!("{service_uri}/reviews"), None).await;
    assert_eq!(public.json["items"], json!([]));
    assert_eq!(rating(&public.json["rating"]), (None, 0));
    assert_eq!(
        rating(&app.get(&service_uri, None).await.json["rating"]),
        (None, 0)
    );
    let profile = app.get(&profile_uri, None).await;
    assert_eq!(rating(&profile.json["rating"]), (None, 0));
    let cached = format!("accounts:public_profile:{}", s.seller.id);
    assert!(app.state.cache.get(&cached).await.unwrap().is_some());

    let again = review(&app, &s.buyer, &order, 1, "Changed my mind").await;
    assert_eq!(
        (again.status.as_u16(), again.code()),
        (409, "already_reviewed")
    );

    let theirs = review(&app, &s.seller, &order, 4, "Clear instructions.").await;
    assert_eq!(theirs.status, 201, "{}", theirs.text);
    assert_eq!(
        theirs.json["visible"], true,
        "the second review publishes both"
    );
    let sellers_review = theirs.json["id"].as_str().unwrap().to_string();
    let both = [s.buyer.id.clone(), s.seller.id.clone()];
    assert_eq!(seen_by(&app, &s.buyer, &order).await, both);
    assert_eq!(seen_by(&app, &s.seller, &order).await, both);
    let after = app.get(&reviews_uri(&order), Some(&s.seller.token)).await;
    assert_eq!(after.json["mayReview"], false);

    let public = app.get(&format!("{service_uri}/reviews"), None).await;
    assert_eq!(public.json["items"].as_array().unwrap().len(), 1);
    assert_eq!(public.json["items"][0]["id"], buyers_review);
    assert_eq!(public.json["items"][0]["text"], "Lovely walks, happy dog.");
    assert!(
        public.json["items"][0].get("orderId").is_none(),
        "the order stays private"
    );
    assert_eq!(rating(&public.json["rating"]), (Some(5.0), 1));
    let listing = app.get(&service_uri, None).await;
    assert_eq!(rating(&listing.json["rating"]), (Some(5.0), 1));
    assert_eq!(rating(&listing.json["seller"]["rating"]), (Some(5.0), 1));
    let found = app.get("/api/v1/services?q=walking", None).await;
    assert_eq!(found.json["items"][0]["id"], s.service, "{}", found.text);
    assert_eq!(rating(&found.json["items"][0]["rating"]), (Some(5.0), 1));
    assert!(
        app.state.cache.get(&cached).await.unwrap().is_some(),
        "still cached"
    );
    let profile = app.get(&profile_uri, None).await;
    assert_eq!(
        rating(&profile.json["rating"]),
        (Some(5.0), 1),
        "fresh all the same"
    );

    let about_seller = app.get(&format!("{profile_uri}/reviews"), None).await;
    assert_eq!(about_seller.json["items"][0]["id"], buyers_review);
    let about_buyer = app
        .get(
            &format!("/api/v1/users/{}/reviews?role=buyer", s.buyer.id),
            None,
        )
        .await;
    assert_eq!(about_buyer.json["items"][0]["id"], sellers_review);
    assert_eq!(rating(&about_buyer.json["rating"]), (Some(4.0), 1));

    let reply_uri = format!("/api/v1/reviews/{buyers_review}/reply");
    let own = app
        .post(
            &reply_uri,
            Some(&s.buyer.token),
            json!({"text": "Me again"}),
        )
        .await;
    assert_eq!(
        own.status, 403,
        "only the person reviewed replies: {}",
        own.text
    );
    let replied = app
        .post(
            &reply_uri,
            Some(&s.seller.token),
            json!({"text": "Thank you, Rex was a joy."}),
        )
        .await;
    assert_eq!(replied.status, 200, "{}", replied.text);
    assert_eq!(replied.json["reply"]["text"], "Thank you, Rex was a joy.");
    let twice = app
        .post(
            &reply_uri,
            Some(&s.seller.token),
            json!({"text": "And again"}),
        )
        .await;
    assert_eq!(
        (twice.status.as_u16(), twice.code()),
        (409, "already_replied")
    );
    let public = app.get(&format!("{service_uri}/reviews"), None).await;
    assert_eq!(
        public.json["items"][0]["reply"]["text"],
        "Thank you, Rex was a joy."
    );
}

#[tokio::test]
async fn a_double_click_writes_one_review_and_a_replayed_key_answers_the_first() {
    let app = TestApp::new().await;
    let s = shop(&app, "dot", 3_000).await;
    let order = completed(&app, &s).await;
    let clicks = (0..8).map(|_| review(&app, &s.buyer, &order, 5, "Great"));
    let answers = join_all(clicks).await;
    let statuses: Vec<u16> = answers.iter().map(|r| r.status.as_u16()).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 201 || *s == 409),
        "{statuses:?}"
    );
    assert_eq!(seen_by(&app, &s.buyer, &order).await.len(), 1);

    let uri = reviews_uri(&order);
    let body = json!({"rating": 3, "text": "Fine"});
    let first = post_keyed(&app, &uri, &s.seller.token, Some("k-1"), body.clone()).await;
    assert_eq!(first.status, 201, "{}", first.text);
    let replay = post_keyed(&app, &uri, &s.seller.token, Some("k-1"), body).await;
    assert_eq!(replay.status, 201, "{}", replay.text);
    assert_eq!(replay.json["id"], first.json["id"]);
    assert_eq!(replay.headers["idempotent-replayed"], "true");
    assert_eq!(seen_by(&app, &s.seller, &order).await.len(), 2);
}
