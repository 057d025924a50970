//! Typed ids of the reviews context.

use openlance_core::define_id;

define_id!(
    /// A review of a completed order by its buyer or its seller.
    ReviewId
);
