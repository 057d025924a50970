//! `GET /users/{id}`: a member's public profile — what the accounts context lets anyone
//! see, their rating as a seller, the visible reviews their buyers wrote and their active
//! listings. A deleted or unknown member is a 404.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use openlance_catalog::{ServiceSearch, SortOrder};
use openlance_core::id::UserId;
use openlance_http::AppState;
use openlance_reviews::AuthorRole;

use super::super::ServiceCard;
use super::super::orders::review::ReviewLine;
use crate::ctx::Ctx;
use crate::error::WebError;

/// How many reviews and listings the page shows.
const SHOWN: usize = 20;

#[derive(Template, WebTemplate)]
#[template(path = "user_show.html")]
pub struct ProfilePage {
    ctx: Ctx,
    name: String,
    headline: Option<String>,
    job_title: Option<String>,
    city: Option<String>,
    bio: Option<String>,
    skills: Vec<String>,
    member_since: String,
    rating: Option<String>,
    review_count: i64,
    reviews: Vec<ReviewLine>,
    services: Vec<ServiceCard>,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<ProfilePage, WebError> {
    let id = UserId::parse(&id).map_err(|_| WebError::not_found())?;
    let profile = state.accounts.public_profile(id).await?;
    let rating = state.reviews.seller_rating(id).await?;
    let reviews = state
        .reviews
        .reviews_of_user(id, AuthorRole::Buyer, None, SHOWN)
        .await?
        .items;
    let search = ServiceSearch {
        seller: Some(id),
        order: SortOrder::Newest,
        limit: SHOWN,
        ..Default::default()
    };
    let services = state.catalog.search(&search).await?.items;
    Ok(ProfilePage {
        name: profile.name,
        headline: profile.headline,
        job_title: profile.job_title,
        city: profile.city,
        bio: profile.bio,
        skills: profile.skills,
        member_since: profile.member_since.format("%B %Y").to_string(),
        rating: rating.average.map(|a| format!("{a:.1}")),
        review_count: rating.count,
        // Replies are written on the order page, not here.
        reviews: reviews.iter().map(|r| ReviewLine::of(r, None)).collect(),
        services: services.iter().map(ServiceCard::from).collect(),
        ctx,
    })
}
