//! Typed ids of the orders context.

use openlance_core::define_id;

define_id!(
    /// A booking of a catalog service by a buyer ("Get now").
    OrderId
);
