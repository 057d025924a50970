//! `GET /orders/{id}`: one of the visitor's orders, its facts, history and the buttons for
//! the next step of the visitor's side. Anyone else's order is a 404.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use openlance_http::AppState;
use openlance_orders::{OrderId, OrderStatus, Party};

use super::review::ReviewsBox;
use super::status_label;
use crate::ctx::{Ctx, SignedIn};
use crate::error::WebError;

/// A button (a form posting to `href`) or a link.
pub struct Action {
    pub label: &'static str,
    pub href: String,
    pub link: bool,
    pub reason: bool,
    pub style: &'static str,
}

pub struct OrderLine {
    pub id: String,
    pub title: String,
    pub status: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "order_show.html")]
pub struct OrderPage {
    ctx: Ctx,
    o: OrderLine,
    side: &'static str,
    price: String,
    deposit: String,
    balance: String,
    balance_due: Option<String>,
    requirements: String,
    scheduled: Option<String>,
    dispute_reason: Option<String>,
    actions: Vec<Action>,
    waiting: &'static str,
    history: Vec<String>,
    reviews: Option<ReviewsBox>,
}

fn post(label: &'static str, href: String, style: &'static str) -> Action {
    Action {
        label,
        href,
        link: false,
        reason: false,
        style,
    }
}

pub async fn show(
    State(state): State<AppState>,
    SignedIn(ctx, me): SignedIn,
    Path(id): Path<String>,
) -> Result<OrderPage, WebError> {
    let id = OrderId::parse(&id).map_err(|_| WebError::not_found())?;
    let order = state.orders.order(me.user_id, id).await?;
    let party = order.party_of(me.user_id).ok_or_else(WebError::not_found)?;
    let base = format!("/orders/{id}");
    let mut actions = Vec::new();
    use OrderStatus as S;
    match (order.status, party) {
        (S::Requested, Party::Seller) => {
            actions.push(post("Confirm request", format!("{base}/accept"), ""));
            let mut decline = post("Decline", format!("{base}/decline"), "danger");
            decline.reason = true;
            actions.push(decline);
        }
        (S::Requested | S::Accepted, Party::Buyer) => {
            if order.status == S::Accepted {
                actions.push(Action {
                    label: "Make payment",
                    href: format!("{base}/checkout?step=deposit"),
                    link: true,
                    reason: false,
                    style: "",
                });
            }
            actions.push(post(
                "Cancel the order",
                format!("{base}/cancel"),
                "secondary",
            ));
        }
        (S::DepositPaid, Party::Seller) => {
            actions.push(post("Mark delivered", format!("{base}/deliver"), ""))
        }
        (S::Delivered, Party::Buyer) => {
            actions.push(Action {
                label: "Confirm completion",
                href: format!("{base}/checkout?step=complete"),
                link: true,
                reason: false,
                style: "",
            });
            let mut dispute = post("Open a dispute", format!("{base}/dispute"), "danger");
            dispute.reason = true;
            actions.push(dispute);
        }
        (S::Completed, Party::Buyer) if order.balance_due.amount > 0 => {
            actions.push(Action {
                label: "Pay the balance due",
                href: format!("{base}/checkout?step=balance"),
                link: true,
                reason: false,
                style: "",
            });
        }
        _ => {}
    }
    let waiting = match order.status {
        S::Requested | S::DepositPaid => "Waiting for the seller.",
        S::Accepted | S::Delivered => "Waiting for the buyer.",
        S::Disputed => "An admin is looking at the dispute.",
        _ => "Nothing more to do.",
    };
    let history = state
        .orders
        .history(me.user_id, id)
        .await?
        .into_iter()
        .map(|h| {
            format!(
                "{} — {}",
                h.at.format("%Y-%m-%d %H:%M UTC"),
                status_label(h.to)
            )
        })
        .collect();
    let reviews = match order.status {
        S::Completed => Some(ReviewsBox::of(&state, me.user_id, id).await?),
        _ => None,
    };
    Ok(OrderPage {
        reviews,
        o: OrderLine {
            id: id.to_string(),
            title: order.service_title.clone(),
            status: status_label(order.status),
        },
        side: if party == Party::Buyer {
            "buyer"
        } else {
            "seller"
        },
        price: order.price.to_string(),
        deposit: order.deposit.to_string(),
        balance: order.balance.to_string(),
        balance_due: (order.balance_due.amount > 0).then(|| order.balance_due.to_string()),
        requirements: order.requirements,
        scheduled: order
            .scheduled_for
            .map(|d| d.format("%Y-%m-%d").to_string()),
        dispute_reason: order.dispute_reason,
        actions,
        waiting,
        history,
        ctx,
    })
}
