//! Reviews routes: an order's parties review it and read its reviews
//! (`/api/v1/orders/{orderId}/reviews`), the person reviewed replies
//! (`/api/v1/reviews/{reviewId}/reply`), and anyone reads the visible reviews of a listing
//! or about a user with their rating. An order's reviews are for its buyer and its seller
//! only: anyone else gets a 404.

mod list_order_reviews;
mod list_service_reviews;
mod list_user_reviews;
mod rated_profile;
mod reply_review;
mod submit_review;
mod views;

pub(crate) use rated_profile::{rated_profile, with_rating};
pub use views::RatedProfile;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(
            submit_review::submit_review,
            list_order_reviews::list_order_reviews
        ))
        .routes(routes!(reply_review::reply_review))
        .routes(routes!(list_service_reviews::list_service_reviews))
        .routes(routes!(list_user_reviews::list_user_reviews))
}
