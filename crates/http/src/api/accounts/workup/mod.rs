//! WorkUp's user routes under `/api/v1/users`, with WorkUp's paths and JSON field names,
//! so WorkUp's existing clients work unchanged. Freelancer routes need the FREELANCER
//! role and client routes the CLIENT role; each acts only on the caller's own profile.
//! Bodies may carry fields we do not use (`userId` on every WorkUp body): WorkUp routes
//! ignore them, where our own routes refuse unknown fields.

mod auth;
mod briefs;
mod client_profile;
mod freelancer_profile;
mod items;
mod labels;
mod links;

use axum::body::Bytes;
use openlance_accounts::{Principal, Role};
use openlance_core::{DomainError, FieldError};
use serde::de::DeserializeOwned;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(auth::workup_login))
        .routes(routes!(auth::register_client))
        .routes(routes!(auth::register_freelancer))
        .routes(routes!(
            freelancer_profile::get_freelancer_profile,
            freelancer_profile::set_freelancer_profile
        ))
        .routes(routes!(
            client_profile::get_client_profile,
            client_profile::set_client_profile
        ))
        .routes(routes!(
            links::get_freelancer_photo,
            links::set_freelancer_photo
        ))
        .routes(routes!(
            links::get_freelancer_resume,
            links::set_freelancer_resume
        ))
        .routes(routes!(links::get_client_photo, links::set_client_photo))
        .routes(routes!(
            labels::list_skills,
            labels::add_skill,
            labels::remove_skill
        ))
        .routes(routes!(
            labels::list_languages,
            labels::add_language,
            labels::remove_language
        ))
        .routes(routes!(
            items::list_achievements,
            items::add_achievement,
            items::update_achievement,
            items::remove_achievement
        ))
        .routes(routes!(
            items::list_education,
            items::add_education,
            items::update_education,
            items::remove_education
        ))
        .routes(routes!(
            items::list_experience,
            items::add_experience,
            items::update_experience,
            items::remove_experience
        ))
        .routes(routes!(briefs::profile_briefs))
}

/// Refuses callers without the role a route is for.
pub(super) fn require(p: &Principal, role: Role) -> Result<(), DomainError> {
    if p.has_role(role) {
        return Ok(());
    }
    let what = match role {
        Role::Freelancer => "freelancers",
        Role::Client => "clients",
        Role::Admin => "admins",
    };
    Err(DomainError::Forbidden(format!("this route is for {what}")))
}

/// Renames field paths in validation errors to the names this route's JSON uses.
pub(super) fn renamed(e: DomainError, names: &[(&str, &str)]) -> ApiError {
    match e {
        DomainError::Validation(errors) => DomainError::Validation(
            errors
                .into_iter()
                .map(|FieldError { field, message }| FieldError {
                    field: names
                        .iter()
                        .find(|(ours, _)| *ours == field)
                        .map_or(field, |(_, theirs)| (*theirs).to_string()),
                    message,
                })
                .collect(),
        )
        .into(),
        other => other.into(),
    }
}

/// A DELETE's target, from a JSON body if one was sent, else from the query string.
pub(super) fn body_or_query<T: DeserializeOwned>(
    body: &Bytes,
    query: Option<T>,
    field: &str,
) -> Result<T, DomainError> {
    if !body.iter().all(u8::is_ascii_whitespace) {
        return serde_json::from_slice(body)
            .map_err(|e| DomainError::invalid(field, format!("the body is not valid: {e}")));
    }
    query.ok_or_else(|| {
        DomainError::invalid(field, "is required, in a JSON body or the query string")
    })
}
