//! Signing up, in and out; a forgotten password; confirming the e-mail address.

pub mod forgot;
pub mod login;
pub mod logout;
pub mod reset;
pub mod signup;
pub mod verify;
