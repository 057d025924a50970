//! `GET /sell`: the seller's listings in every status, with the moves each allows.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use openlance_catalog::ListingStatus;
use openlance_http::AppState;

use crate::ctx::{Ctx, SignedIn};
use crate::error::WebError;

pub struct Line {
    pub id: String,
    pub title: String,
    pub status: &'static str,
    pub price: String,
    /// (path segment, button label)
    pub actions: Vec<(&'static str, &'static str)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "sell_list.html")]
pub struct SellPage {
    ctx: Ctx,
    listings: Vec<Line>,
}

pub async fn show(
    State(state): State<AppState>,
    SignedIn(ctx, me): SignedIn,
) -> Result<SellPage, WebError> {
    let page = state
        .catalog
        .seller_services(me.user_id, None, None, 100)
        .await?;
    let listings = page
        .items
        .into_iter()
        .map(|l| {
            let (status, actions) = match l.status {
                ListingStatus::Active => {
                    ("Active", vec![("pause", "Pause"), ("archive", "Archive")])
                }
                ListingStatus::Paused => {
                    ("Paused", vec![("resume", "Resume"), ("archive", "Archive")])
                }
                ListingStatus::Archived => ("Archived", vec![]),
            };
            Line {
                id: l.id.to_string(),
                title: l.title,
                status,
                price: l.price.to_string(),
                actions,
            }
        })
        .collect();
    Ok(SellPage { ctx, listings })
}
