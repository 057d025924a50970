//! Orders routes (the iFreelance booking flow): "Get now" on a service, the caller's
//! orders and one order with its history, each party's moves, and the admins' routes
//! (cancel an order, the open disputes, release or refund one). A party acts only on
//! its own orders: anyone else's is a 404; an admin route is a 403 for anyone else.

mod accept_order;
mod admin_cancel_order;
mod cancel_order;
mod complete_order;
mod decline_order;
mod deliver_order;
mod dispute_order;
mod get_order;
mod list_disputes;
mod list_orders;
mod pay_balance;
mod pay_deposit;
mod place_order;
mod refund_dispute;
mod release_dispute;
mod views;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(place_order::place_order))
        .routes(routes!(list_orders::list_orders))
        .routes(routes!(get_order::get_order))
        .routes(routes!(accept_order::accept_order))
        .routes(routes!(decline_order::decline_order))
        .routes(routes!(cancel_order::cancel_order))
        .routes(routes!(pay_deposit::pay_deposit))
        .routes(routes!(deliver_order::deliver_order))
        .routes(routes!(complete_order::complete_order))
        .routes(routes!(dispute_order::dispute_order))
        .routes(routes!(pay_balance::pay_balance))
        .routes(routes!(admin_cancel_order::admin_cancel_order))
        .routes(routes!(list_disputes::list_disputes))
        .routes(routes!(release_dispute::release_dispute))
        .routes(routes!(refund_dispute::refund_dispute))
}
