//! `GET /admin/disputes`: the disputed orders, oldest first, each with "release to the
//! seller" and "refund the buyer" and a note for the parties.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use openlance_http::AppState;
use serde::Deserialize;

use super::admins_only;
use crate::ctx::{Ctx, SignedIn, urlencode};
use crate::error::WebError;

pub struct DisputeLine {
    pub id: String,
    pub title: String,
    pub price: String,
    pub reason: String,
    pub buyer: String,
    pub seller: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_disputes.html")]
pub struct DisputesPage {
    ctx: Ctx,
    disputes: Vec<DisputeLine>,
    next: Option<String>,
}

#[derive(Deserialize)]
pub struct Paging {
    cursor: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    SignedIn(ctx, me): SignedIn,
    Query(p): Query<Paging>,
) -> Result<DisputesPage, WebError> {
    admins_only(&me)?;
    let page = state
        .orders
        .disputes(true, p.cursor.as_deref(), Some(50))
        .await?;
    let disputes = page
        .items
        .into_iter()
        .map(|o| DisputeLine {
            id: o.id.to_string(),
            title: o.service_title,
            price: o.price.to_string(),
            reason: o.dispute_reason.unwrap_or_default(),
            buyer: o.buyer_id.to_string(),
            seller: o.seller_id.to_string(),
        })
        .collect();
    Ok(DisputesPage {
        ctx,
        disputes,
        next: page
            .next_cursor
            .map(|c| format!("/admin/disputes?cursor={}", urlencode(&c))),
    })
}
