//! WorkUp's contracts: the list, one contract with its milestones and the next move of
//! each (fund, start, submit, accept, request changes, pay).

pub mod list;
pub mod milestone;
pub mod show;
