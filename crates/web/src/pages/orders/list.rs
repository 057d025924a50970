//! `GET /orders`: the visitor's orders as buyer and as seller, each with its state and
//! next action.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use openlance_http::AppState;
use openlance_orders::Party;

use super::{next_step, status_label};
use crate::ctx::{Ctx, SignedIn};
use crate::error::WebError;

pub struct Line {
    pub id: String,
    pub title: String,
    pub status: &'static str,
    pub price: String,
    pub next: &'static str,
}

pub struct Section {
    pub title: &'static str,
    pub empty: &'static str,
    pub orders: Vec<Line>,
}

#[derive(Template, WebTemplate)]
#[template(path = "orders_list.html")]
pub struct OrdersPage {
    ctx: Ctx,
    sections: Vec<Section>,
}

pub async fn show(
    State(state): State<AppState>,
    SignedIn(ctx, me): SignedIn,
) -> Result<OrdersPage, WebError> {
    let mut sections = Vec::new();
    let sides = [
        (
            Party::Seller,
            "Requests and orders for your services",
            "Nobody has ordered your services yet.",
        ),
        (
            Party::Buyer,
            "Services you ordered",
            "You have not ordered anything yet.",
        ),
    ];
    for (side, title, empty) in sides {
        if side == Party::Seller && !ctx.user.as_ref().is_some_and(|u| u.seller) {
            continue;
        }
        let page = state
            .orders
            .orders_of(me.user_id, Some(side), None, None, Some(50))
            .await?;
        let orders = page
            .items
            .iter()
            .map(|o| Line {
                id: o.id.to_string(),
                title: o.service_title.clone(),
                status: status_label(o.status),
                price: o.price.to_string(),
                next: next_step(o, side),
            })
            .collect();
        sections.push(Section {
            title,
            empty,
            orders,
        });
    }
    Ok(OrdersPage { ctx, sections })
}
