//! Accounts routes: registration, login, tokens, throttling, verification, reset,
//! profiles (ours and WorkUp's), and authorization between users.

mod auth;
mod bad_input;
mod overload;
mod profile;
mod profile_cache;
mod races;
mod recovery;
mod throttle;
mod tokens;
mod workup;
mod workup_access;
mod workup_items;
