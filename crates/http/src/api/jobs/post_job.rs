//! `POST /api/v1/jobs`: a client posts a job (WorkUp's route).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use openlance_accounts::Role;
use openlance_core::{Problem, Validator};
use openlance_jobs::{Experience, JobDuration, NewJob};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{parse_amount, require};
use crate::idempotency::{IdempotentJson, Reply};
use crate::{ApiError, AppState, AuthUser};

/// WorkUp's job body; fields it does not use (`userId`, …) are ignored.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PostJobRequest {
    pub title: String,
    pub description: String,
    pub location: Option<String>,
    /// Whole currency units as a number (`500`, `12.5`) or a string (`"500"`), or
    /// `{"amount": <minor units>, "currency": "USD"}`. Positive.
    #[schema(value_type = Option<Object>, example = 500)]
    pub budget: Option<serde_json::Value>,
    #[serde(default)]
    pub skills: Vec<String>,
    pub experience: Option<Experience>,
    pub duration: Option<JobDuration>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PostJobResponse {
    pub job_id: String,
}

/// Posts an OPEN job. Only a title and a description are required.
#[utoipa::path(post, path = "/api/v1/jobs", tag = "jobs", security(("bearer" = [])),
    request_body = PostJobRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "makes a retry return the first response")),
    responses(
        (status = 201, body = PostJobResponse),
        (status = 400, body = Problem, description = "bad fields"),
        (status = 403, body = Problem, description = "the caller is not a CLIENT"),
    ))]
pub async fn post_job(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    IdempotentJson(idem, body): IdempotentJson<PostJobRequest>,
) -> Result<Response, ApiError> {
    require(&me, Role::Client, "client")?;
    let mut v = Validator::new();
    let currency = state.payments.config().workup_currency;
    let budget = match &body.budget {
        None | Some(serde_json::Value::Null) => None,
        Some(b) => v.take(parse_amount("budget", b, currency)),
    };
    v.finish()?;
    let new = NewJob {
        title: body.title,
        description: body.description,
        location: body.location,
        budget,
        skills: body.skills,
        experience: body.experience,
        duration: body.duration,
    };
    let jobs = &state.jobs;
    idem.run(&state, me.user_id, |_| async move {
        let job = jobs.post_job(me.user_id, new).await?;
        Ok(Reply::json(
            StatusCode::CREATED,
            &PostJobResponse {
                job_id: job.id.to_string(),
            },
        ))
    })
    .await
}
