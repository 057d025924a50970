//! `POST /wallet/withdraw`: pays out of the wallet's available balance.

use axum::extract::State;
use axum::response::Response;
use openlance_http::AppState;

use super::MoneyForm;
use crate::ctx::SignedIn;
use crate::flash;
use crate::form::WebForm;

pub async fn submit(
    State(state): State<AppState>,
    SignedIn(_, me): SignedIn,
    WebForm(f): WebForm<MoneyForm>,
) -> Response {
    let moved = match (f.money(), f.key(me.user_id)) {
        (Ok(amount), Ok(key)) => {
            state
                .payments
                .withdraw(me.user_id, amount, None, &key)
                .await
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    match moved {
        Ok(m) => flash::ok(
            "/wallet",
            format!("Withdrawal of {} is on its way.", m.amount),
        ),
        Err(e) => flash::error("/wallet", e.to_string()),
    }
}
