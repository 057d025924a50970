//! `POST /services/{id}/order`: "Get now" — the buyer's requirements become an order
//! REQUESTED from the seller.

use axum::extract::{Path, State};
use axum::response::Response;
use chrono::{NaiveDate, TimeZone, Utc};
use openlance_http::AppState;
use openlance_orders::NewOrder;
use serde::Deserialize;

use crate::ctx::SignedIn;
use crate::flash;
use crate::form::WebForm;

#[derive(Deserialize)]
pub struct GetNow {
    requirements: String,
    #[serde(default)]
    date: String,
}

pub async fn submit(
    State(state): State<AppState>,
    SignedIn(_, me): SignedIn,
    Path(id): Path<String>,
    WebForm(f): WebForm<GetNow>,
) -> Response {
    let back = format!("/services/{id}");
    let scheduled_for = match f.date.trim() {
        "" => None,
        text => match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(day) => day.and_hms_opt(12, 0, 0).map(|t| Utc.from_utc_datetime(&t)),
            Err(_) => return flash::error(&back, "The date is not a valid date."),
        },
    };
    let new = NewOrder {
        requirements: f.requirements,
        scheduled_for,
    };
    match state.orders.place(me.user_id, &id, new).await {
        Ok(order) => flash::ok(
            &format!("/orders/{}", order.id),
            "Your request is sent. The seller will confirm it; then you pay the deposit.",
        ),
        Err(e) => flash::error(&back, e.to_string()),
    }
}
