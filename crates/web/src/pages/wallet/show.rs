//! `GET /wallet`: balances, the newest movements, and the top-up and withdrawal forms.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use openlance_http::AppState;
use openlance_payments::Direction;

use super::super::{CURRENCIES, TEST_CARDS};
use crate::ctx::{Ctx, SignedIn};
use crate::error::WebError;
use crate::session::random_token;

#[derive(Template, WebTemplate)]
#[template(path = "wallet.html")]
pub struct WalletPage {
    ctx: Ctx,
    test_mode: bool,
    balances: Vec<(String, String, String)>,
    history: Vec<(String, String, String)>,
    currencies: &'static [&'static str],
    cards: &'static [(&'static str, &'static str)],
    op_top_up: String,
    op_withdraw: String,
}

pub async fn show(
    State(state): State<AppState>,
    SignedIn(ctx, me): SignedIn,
) -> Result<WalletPage, WebError> {
    let balances = state
        .payments
        .wallet(me.user_id)
        .await?
        .into_iter()
        .map(|b| {
            (
                b.currency.to_string(),
                b.available.to_string(),
                b.in_escrow.to_string(),
            )
        })
        .collect();
    let history = state
        .payments
        .wallet_history(me.user_id, None, None, 20)
        .await?
        .items
        .into_iter()
        .map(|e| {
            let sign = if e.direction == Direction::Credit {
                "+"
            } else {
                "−"
            };
            (
                e.created_at.format("%Y-%m-%d %H:%M").to_string(),
                e.description
                    .unwrap_or_else(|| e.kind.as_str().replace('_', " ")),
                format!("{sign}{}", e.amount),
            )
        })
        .collect();
    Ok(WalletPage {
        ctx,
        test_mode: state.payments.provider_name() == "test",
        balances,
        history,
        currencies: CURRENCIES,
        cards: &TEST_CARDS[..2],
        op_top_up: random_token(),
        op_withdraw: random_token(),
    })
}
