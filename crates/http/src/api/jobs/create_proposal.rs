//! `POST /api/v1/jobs/{jobId}/proposals`: a freelancer proposes on an open job (WorkUp's route).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use openlance_accounts::Role;
use openlance_core::{Currency, DomainError, Problem, Validator};
use openlance_jobs::{Attachment, JobDuration, JobId, Milestone, NewProposal};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{DueDate, parse_amount, require};
use crate::idempotency::{IdempotentJson, Reply};
use crate::{ApiError, AppState, AuthUser};

/// WorkUp's proposal body (also PUT's); fields it does not use (`userId`, `jobId`,
/// `freelancerId`, …) are ignored.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProposalRequest {
    pub cover_letter: String,
    pub job_duration: JobDuration,
    #[serde(default)]
    pub milestones: Vec<MilestoneRequest>,
    #[serde(default)]
    pub attachments: Vec<AttachmentRequest>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MilestoneRequest {
    pub description: String,
    /// Whole currency units as a number (`100`, `12.5`) or a string (`"100"`), or
    /// `{"amount": <minor units>, "currency": "USD"}`. Positive.
    #[schema(value_type = Object, example = 100)]
    pub amount: serde_json::Value,
    /// Not in the past.
    pub due_date: DueDate,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AttachmentRequest {
    pub name: String,
    /// An http(s) URL.
    pub url: String,
}

impl ProposalRequest {
    /// The domain's proposal; bad amounts and dates are collected as field errors.
    pub(super) fn into_new(self, currency: Currency) -> Result<NewProposal, DomainError> {
        let mut v = Validator::new();
        let mut milestones = Vec::with_capacity(self.milestones.len());
        for (i, m) in self.milestones.into_iter().enumerate() {
            let amount = v.take(parse_amount(
                &format!("milestones[{i}].amount"),
                &m.amount,
                currency,
            ));
            let due = v.take(m.due_date.parse(&format!("milestones[{i}].dueDate")));
            if let (Some(amount), Some(due_date)) = (amount, due) {
                milestones.push(Milestone {
                    description: m.description,
                    amount,
                    due_date,
                });
            }
        }
        v.finish()?;
        Ok(NewProposal {
            cover_letter: self.cover_letter,
            duration: self.job_duration,
            milestones,
            attachments: self
                .attachments
                .into_iter()
                .map(|a| Attachment {
                    name: a.name,
                    url: a.url,
                })
                .collect(),
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedProposal {
    pub id: String,
}

/// Proposes on an OPEN job that is not the caller's own. One live proposal per
/// freelancer per job.
#[utoipa::path(post, path = "/api/v1/jobs/{jobId}/proposals", tag = "jobs", security(("bearer" = [])),
    params(("jobId" = String, Path),
        ("Idempotency-Key" = Option<String>, Header, description = "makes a retry return the first response")),
    request_body = ProposalRequest,
    responses(
        (status = 201, body = CreatedProposal),
        (status = 400, body = Problem, description = "bad fields: empty cover letter, non-positive amount, due date in the past"),
        (status = 403, body = Problem, description = "the caller is not a FREELANCER"),
        (status = 404, body = Problem, description = "no such job"),
        (status = 409, body = Problem, description = "the job is not open, or the caller already has a live proposal on it"),
        (status = 422, body = Problem, description = "the caller's own job"),
    ))]
pub async fn create_proposal(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    crate::ApiPath(job_id): crate::ApiPath<String>,
    IdempotentJson(idem, body): IdempotentJson<ProposalRequest>,
) -> Result<Response, ApiError> {
    require(&me, Role::Freelancer, "freelancer")?;
    let job_id = JobId::parse(&job_id)?;
    let new = body.into_new(state.payments.config().workup_currency)?;
    let jobs = &state.jobs;
    idem.run(&state, me.user_id, |_| async move {
        let p = jobs.submit_proposal(me.user_id, job_id, new).await?;
        Ok(Reply::json(
            StatusCode::CREATED,
            &CreatedProposal {
                id: p.id.to_string(),
            },
        ))
    })
    .await
}
