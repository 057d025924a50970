//! Jobs and proposals routes. WorkUp owns `POST /api/v1/jobs`, `GET /api/v1/jobs/me`,
//! `GET /api/v1/jobs/{jobId}`, `GET /api/v1/jobs/search` and the proposal routes; those
//! answer WorkUp's JSON (with its `statusCode` / `errorMessage` envelope) and ignore
//! fields they do not use, and they accept Openlance's money object too. Openlance's own
//! routes sit where WorkUp has none — `GET /api/v1/jobs` (search with filters),
//! `PATCH /api/v1/jobs/{jobId}`, `POST /api/v1/jobs/{jobId}/close`,
//! `POST /api/v1/proposals/{proposalId}/withdraw` — and refuse unknown fields.

mod accept_proposal;
mod close_job;
mod create_proposal;
mod get_job;
mod list_jobs;
mod list_proposals;
mod post_job;
mod proposal;
mod search_jobs;
mod update_job;
mod views;
mod withdraw_proposal;

use chrono::NaiveDate;
use openlance_accounts::{Principal, Role};
use openlance_core::{Currency, DomainError, Money};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    let workup = OpenApiRouter::new()
        .routes(routes!(post_job::post_job))
        .routes(routes!(search_jobs::search_jobs))
        .routes(routes!(get_job::my_jobs))
        .routes(routes!(get_job::get_job))
        .routes(routes!(create_proposal::create_proposal))
        .routes(routes!(list_proposals::job_proposals))
        .routes(routes!(list_proposals::my_proposals))
        .routes(routes!(proposal::get_proposal, proposal::update_proposal))
        .routes(routes!(accept_proposal::accept_proposal))
        .route_layer(axum::middleware::from_fn(
            super::workup_envelope::workup_envelope,
        ));
    OpenApiRouter::new()
        .routes(routes!(list_jobs::list_jobs))
        .routes(routes!(update_job::update_job))
        .routes(routes!(close_job::close_job))
        .routes(routes!(withdraw_proposal::withdraw_proposal))
        .merge(workup)
}

/// A 403 unless the caller holds `role`.
fn require(me: &Principal, role: Role, what: &str) -> Result<(), DomainError> {
    if me.has_role(role) {
        Ok(())
    } else {
        Err(DomainError::Forbidden(format!("only a {what} may do this")))
    }
}

/// An amount as WorkUp sends it — whole currency units as a JSON number (`50`, `12.5`) or
/// a string (`"50"`) in `currency` — or as Openlance's `{"amount": minor units,
/// "currency": "USD"}`. A fraction finer than the currency's minor unit is a 400.
fn parse_amount(
    field: &str,
    value: &serde_json::Value,
    currency: Currency,
) -> Result<Money, DomainError> {
    use serde_json::Value;
    let bad = || {
        DomainError::invalid(
            field,
            "must be an amount in whole units (50, 12.5 or \"50\") or {\"amount\": minor units, \"currency\": \"USD\"}",
        )
    };
    let rename = |e: DomainError| match e {
        DomainError::Validation(errors) => DomainError::Validation(
            errors
                .into_iter()
                .map(|mut f| {
                    f.field = field.to_string();
                    f
                })
                .collect(),
        ),
        other => other,
    };
    match value {
        Value::Number(n) => Money::from_major_decimal(&n.to_string(), currency).map_err(rename),
        Value::String(s) if !s.trim().is_empty() => {
            Money::from_major_decimal(s, currency).map_err(rename)
        }
        Value::Object(_) => serde_json::from_value::<Money>(value.clone()).map_err(|_| bad()),
        _ => Err(bad()),
    }
}

/// A due date: `2026-12-31`, or a date-time whose date is taken (`2026-12-31T00:00:00Z`).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(transparent)]
#[schema(value_type = String, example = "2026-12-31")]
pub struct DueDate(String);

impl DueDate {
    fn parse(&self, field: &str) -> Result<NaiveDate, DomainError> {
        let text = self.0.trim();
        let date = text
            .get(..10)
            .filter(|_| text.len() == 10 || text.as_bytes().get(10) == Some(&b'T'));
        date.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .ok_or_else(|| DomainError::invalid(field, "must be a date like 2026-12-31"))
    }
}
