//! `POST /jobs/{id}/proposals`: a freelancer proposes, with one first milestone.

use axum::extract::{Path, State};
use axum::response::Response;
use chrono::NaiveDate;
use openlance_core::{Currency, DomainError, Money};
use openlance_http::AppState;
use openlance_jobs::{JobDuration, JobId, Milestone, NewProposal};
use serde::Deserialize;

use crate::ctx::SignedIn;
use crate::error::WebError;
use crate::flash;
use crate::form::WebForm;

#[derive(Deserialize)]
pub struct ProposalForm {
    #[serde(default)]
    cover_letter: String,
    #[serde(default)]
    duration: String,
    #[serde(default)]
    milestone: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    due: String,
}

fn to_proposal(f: &ProposalForm, currency: Currency) -> Result<NewProposal, DomainError> {
    let amount = Money::from_major_decimal(f.amount.trim(), currency)
        .map_err(|_| DomainError::invalid("amount", "write the amount as a number, like 250"))?;
    let due_date = NaiveDate::parse_from_str(f.due.trim(), "%Y-%m-%d")
        .map_err(|_| DomainError::invalid("due", "pick the milestone's due date"))?;
    Ok(NewProposal {
        cover_letter: f.cover_letter.clone(),
        duration: JobDuration::parse(&f.duration).unwrap_or(JobDuration::LessThanAMonth),
        milestones: vec![Milestone {
            description: f.milestone.clone(),
            amount,
            due_date,
        }],
        attachments: Vec::new(),
    })
}

pub async fn submit(
    State(state): State<AppState>,
    SignedIn(_, me): SignedIn,
    Path(id): Path<String>,
    WebForm(f): WebForm<ProposalForm>,
) -> Result<Response, WebError> {
    let job_id = JobId::parse(&id).map_err(|_| WebError::not_found())?;
    let job = state.jobs.job(job_id).await?;
    let currency = match job.budget {
        Some(b) => b.currency,
        None => Currency::parse("USD")?,
    };
    let back = format!("/jobs/{job_id}");
    let sent = match to_proposal(&f, currency) {
        Ok(new) => state.jobs.submit_proposal(me.user_id, job_id, new).await,
        Err(e) => Err(e),
    };
    Ok(match sent {
        Ok(_) => flash::ok(
            &back,
            "Your proposal is sent. The client will get back to you.",
        ),
        Err(e) => flash::error(&back, e.to_string()),
    })
}
