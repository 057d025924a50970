//! Orders: bookings of catalog services (the iFreelance flow). A buyer orders a listing
//! ("Get now"), which copies its title, price and deposit; the seller confirms or
//! declines; the buyer pays the deposit, held in the order's escrow; the seller
//! delivers; the buyer completes, paying the balance, and escrow goes to the seller
//! minus the platform fee. A request nobody answers expires; a delivery nobody confirms
//! completes by itself; a disputed delivery is released or refunded by an admin.
//!
//! Every move goes through `openlance_storage::transition` (audit rows in
//! `order_transitions`) and writes its typed event (see [`events`]) in the same
//! transaction. Money moves only through the payments interface (`hold_escrow`,
//! `release_escrow`, `refund_escrow` with `EscrowRef::Order`) in this context's
//! transactions; a card is charged (`top_up`) before any transaction opens. The listing
//! comes from the catalog through the [`Listings`] interface declared here. See
//! `docs/orders.md`.

pub mod bulk;
mod cancel;
mod dispute;
pub mod events;
mod history;
mod ids;
mod listings;
mod lock;
mod model;
mod money;
mod pay;
mod place;
mod read;
mod respond;
mod states;
mod timer;

use std::sync::Arc;
use std::time::Duration;

use openlance_core::Clock;
use openlance_payments::Payments;
use openlance_storage::Db;

pub use dispute::Resolution;
pub use history::HistoryEntry;
pub use ids::OrderId;
pub use listings::{ListingState, Listings, OrderableListing};
pub use model::{Order, Party};
pub use money::Payment;
pub use place::NewOrder;
pub use states::OrderStatus;

/// Configuration of the orders context.
#[derive(Clone, Debug)]
pub struct OrdersConfig {
    /// How long a request may wait for the seller's answer before it expires.
    pub request_expiry: Duration,
    /// How long a delivered order waits for the buyer before it completes by itself.
    pub auto_complete: Duration,
}

impl Default for OrdersConfig {
    fn default() -> Self {
        Self {
            request_expiry: Duration::from_secs(72 * 60 * 60),
            auto_complete: Duration::from_secs(3 * 24 * 60 * 60),
        }
    }
}

/// The orders service: the interface the HTTP edge (and the reviews context) call.
#[derive(Clone)]
pub struct Orders {
    pub(crate) db: Db,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) config: OrdersConfig,
    pub(crate) payments: Payments,
    pub(crate) listings: Arc<dyn Listings>,
}

impl Orders {
    pub fn new(
        db: Db,
        clock: Arc<dyn Clock>,
        config: OrdersConfig,
        payments: Payments,
        listings: Arc<dyn Listings>,
    ) -> Self {
        Self {
            db,
            clock,
            config,
            payments,
            listings,
        }
    }

    pub fn config(&self) -> &OrdersConfig {
        &self.config
    }

    pub(crate) fn now_micros(&self) -> i64 {
        openlance_core::time::to_micros(self.clock.now())
    }
}

/// The migrations of the orders context, in order.
pub const MIGRATIONS: &[openlance_storage::Migration] = &[openlance_storage::Migration::portable(
    "orders/0001_orders",
    include_str!("../migrations/0001_orders.sql"),
)];
