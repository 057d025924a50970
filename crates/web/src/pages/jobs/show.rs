//! `GET /jobs/{id}`: a job; its owner sees the proposals with "Accept", a freelancer the
//! proposal form.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use openlance_accounts::Role;
use openlance_http::AppState;
use openlance_jobs::{JobId, JobStatus, ProposalStatus};

use crate::ctx::{Ctx, Visitor};
use crate::error::WebError;

pub struct ProposalLine {
    pub id: String,
    pub freelancer: String,
    pub status: &'static str,
    pub total: String,
    pub cover_letter: String,
    pub pending: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "job_show.html")]
pub struct JobPage {
    ctx: Ctx,
    id: String,
    title: String,
    description: String,
    status: &'static str,
    budget: String,
    currency: String,
    own: bool,
    open: bool,
    can_propose: bool,
    proposals: Vec<ProposalLine>,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<JobPage, WebError> {
    let id = JobId::parse(&id).map_err(|_| WebError::not_found())?;
    let job = state.jobs.job(id).await?;
    let me = ctx.user_id();
    let own = me == Some(job.client_id);
    let open = job.status == JobStatus::Open;
    let mut proposals = Vec::new();
    if let (true, Some(me)) = (own, me) {
        for p in state.jobs.job_proposals(me, id).await? {
            let total = p.milestones.iter().map(|m| m.amount).try_fold(
                None,
                |sum: Option<openlance_core::Money>, m| {
                    sum.map_or(Ok(Some(m)), |s| s.checked_add(m).map(Some))
                },
            )?;
            let freelancer = state
                .accounts
                .me(p.freelancer_id)
                .await
                .map(|u| u.name)
                .unwrap_or_else(|_| "a former member".into());
            proposals.push(ProposalLine {
                id: p.id.to_string(),
                freelancer,
                status: p.status.as_str(),
                total: total.map(|t| t.to_string()).unwrap_or_default(),
                cover_letter: p.cover_letter,
                pending: p.status == ProposalStatus::Pending,
            });
        }
    }
    let freelancer = ctx
        .user
        .as_ref()
        .is_some_and(|u: &Visitor| u.principal.has_role(Role::Freelancer));
    Ok(JobPage {
        id: id.to_string(),
        title: job.title,
        description: job.description,
        status: match job.status {
            JobStatus::Open => "Open",
            JobStatus::Closed => "Closed",
            JobStatus::Filled => "Filled",
        },
        currency: job
            .budget
            .map_or_else(|| "USD".to_string(), |b| b.currency.to_string()),
        budget: job.budget.map(|b| b.to_string()).unwrap_or_default(),
        can_propose: !own && open && freelancer,
        own,
        open,
        proposals,
        ctx,
    })
}
