//! Typed ids of the catalog context.

use openlance_core::define_id;

define_id!(
    /// A service a seller lists.
    ServiceId
);
