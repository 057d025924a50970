//! Payments: the double-entry ledger, wallets, escrow, the platform fee, payment
//! requests, and payment providers.

use std::sync::Arc;

use openlance_core::Clock;
use openlance_storage::Db;

/// Configuration of the payments context.
#[derive(Clone, Debug)]
pub struct PaymentsConfig {
    /// Platform fee in basis points (1000 = 10%).
    pub fee_bps: u32,
}

impl Default for PaymentsConfig {
    fn default() -> Self {
        Self { fee_bps: 1000 }
    }
}

/// The payments service: the interface other contexts and the HTTP edge call.
#[derive(Clone)]
pub struct Payments {
    pub(crate) db: Db,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) config: PaymentsConfig,
}

impl Payments {
    pub fn new(db: Db, clock: Arc<dyn Clock>, config: PaymentsConfig) -> Self {
        Self { db, clock, config }
    }
}

/// The migrations of the payments context, in order.
pub const MIGRATIONS: &[openlance_storage::Migration] = &[];
