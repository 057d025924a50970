//! The visitor's notifications: the list (newest first, unread marked), marking one or all
//! read, and which kinds also come by e-mail.

pub mod list;
pub mod preferences;
pub mod read;
pub mod read_all;
