//! The operator's pages: open disputes with release / refund, the ledger check, the users,
//! dead letters of the bus and the dead e-mails with "retry". Only for admins; anyone else
//! gets the site's 404, as if the pages did not exist.

pub mod dead_letters;
pub mod disputes;
pub mod ledger;
pub mod resolve;
pub mod retry;
pub mod users;

use axum::response::Response;
use openlance_accounts::Principal;

use crate::ctx::SignedIn;
use crate::error::WebError;

/// Admins pass; everyone else is a 404.
pub fn admins_only(me: &Principal) -> Result<(), WebError> {
    if me.is_admin() {
        Ok(())
    } else {
        Err(WebError::not_found())
    }
}

/// `GET /admin`: the disputes, the first thing an admin looks at.
pub async fn home(SignedIn(_, me): SignedIn) -> Result<Response, WebError> {
    admins_only(&me)?;
    Ok(crate::flash::see_other("/admin/disputes"))
}
