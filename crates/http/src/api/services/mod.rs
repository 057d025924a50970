//! Service listing routes (Openlance's own; WorkUp has no catalog): a FREELANCER lists,
//! changes, pauses, resumes and archives services; anyone browses and searches the active
//! ones. Unknown fields are refused; money is `{"amount": <minor units>, "currency": "USD"}`.

mod archive_service;
mod create_service;
mod get_service;
mod list_my_services;
mod search_services;
mod update_service;
mod views;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

pub use views::{DeliveryJson, ServiceDetail, ServicePage, ServiceView};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(
            create_service::create_service,
            search_services::search_services
        ))
        .routes(routes!(
            get_service::get_service,
            update_service::update_service,
            archive_service::archive_service
        ))
        .routes(routes!(list_my_services::list_my_services))
}
