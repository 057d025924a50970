//! Profiles: the details a user shows (their own view and the public one), skills and
//! languages, experience/education/achievement items, and freelancer briefs. Never
//! depends on `auth`.

pub mod item_kinds;
pub mod items;
pub(crate) mod labels;
pub mod profile;
pub(crate) mod profile_store;
pub(crate) mod public;
