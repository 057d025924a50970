//! Accounts routes: registration, login, tokens, throttling, verification, reset,
//! profiles (ours and WorkUp's), and authorization between users.

mod auth;
