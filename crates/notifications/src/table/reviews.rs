//! Reviews: the person reviewed hears that a review arrived. Reviews are double-blind, so
//! the notice does not tell the rating: it shows once they have written theirs or the
//! review window has closed.

use openlance_reviews::events::ReviewSubmitted;

use super::{Entry, entry, user};
use crate::kinds::REVIEW_RECEIVED;
use crate::notice::Notice;

pub(super) const ENTRIES: &[Entry] = &[entry!(ReviewSubmitted, |p, _f| vec![
    Notice::to(
        user(&p.subject_id)?,
        &REVIEW_RECEIVED,
        "You received a review"
    )
    .body(
        "The other party of your order wrote a review of you. It shows to you and to everyone \
         once you have reviewed them too, or when the review window closes."
            .to_string()
    )
    .link(format!("/orders/{}", p.order_id), "Write your review")
])];
