//! Payments routes: our own `/api/v1/wallet`, the admin ledger view, and WorkUp's
//! payment routes (in [`workup`]). Money-moving routes accept an `Idempotency-Key`
//! (see [`crate::idempotency`]).

mod create_top_up;
mod create_withdrawal;
mod get_trial_balance;
mod get_wallet;
mod list_transactions;
mod views;
mod workup;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_wallet::get_wallet))
        .routes(routes!(list_transactions::list_transactions))
        .routes(routes!(create_top_up::create_top_up))
        .routes(routes!(create_withdrawal::create_withdrawal))
        .routes(routes!(get_trial_balance::get_trial_balance))
        .merge(workup::router().route_layer(axum::middleware::from_fn(
            super::workup_envelope::workup_envelope,
        )))
}
