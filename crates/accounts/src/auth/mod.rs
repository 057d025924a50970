//! Signing in and staying signed in: registration, login, sessions (access and rotating
//! refresh tokens), Argon2id passwords behind the hashing limit, throttling, e-mail
//! verification and password-reset links, and pruning what expired. Depends on
//! `profiles` only to create a new user's profile.

pub(crate) mod account_link;
mod hashing;
mod login;
pub mod password;
mod prune;
pub(crate) mod refresh;
pub(crate) mod register;
pub(crate) mod session;
pub(crate) mod throttle;
pub mod token;
mod verification;

pub(crate) use hashing::HashingLimit;
