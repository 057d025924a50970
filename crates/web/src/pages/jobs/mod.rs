//! WorkUp's side: open jobs, posting one, a job's page with the proposal form, and the
//! client accepting a proposal (which opens the contract).

pub mod accept;
pub mod browse;
pub mod create;
pub mod mine;
pub mod propose;
pub mod show;
