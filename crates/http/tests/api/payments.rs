//! Payments routes.
