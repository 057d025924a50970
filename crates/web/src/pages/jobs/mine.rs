//! `GET /my-work`: the visitor's side of WorkUp's journey at a glance — as a client, the
//! jobs they posted (each links to its page with the proposals received and **Accept**);
//! as a freelancer, the proposals they sent with where each stands and its total.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use openlance_accounts::Role;
use openlance_core::Money;
use openlance_http::AppState;

use crate::ctx::{Ctx, SignedIn};
use crate::error::WebError;

pub struct JobLine {
    pub id: String,
    pub title: String,
    pub status: &'static str,
    pub posted: String,
}

pub struct ProposalLine {
    pub job_id: String,
    pub job_title: String,
    pub status: &'static str,
    pub total: String,
    pub sent: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "my_work.html")]
pub struct MyWorkPage {
    ctx: Ctx,
    client: bool,
    freelancer: bool,
    jobs: Vec<JobLine>,
    proposals: Vec<ProposalLine>,
}

/// The milestones' sum, or the first milestone's amount when currencies differ.
fn total(milestones: &[openlance_jobs::Milestone]) -> String {
    let mut sum: Option<Money> = None;
    for m in milestones {
        sum = Some(match sum {
            None => m.amount,
            Some(s) => s.checked_add(m.amount).unwrap_or(s),
        });
    }
    sum.map(|m| m.to_string()).unwrap_or_default()
}

pub async fn show(
    State(state): State<AppState>,
    SignedIn(ctx, me): SignedIn,
) -> Result<MyWorkPage, WebError> {
    let client = me.has_role(Role::Client);
    let freelancer = me.has_role(Role::Freelancer);
    let mut jobs = Vec::new();
    if client {
        for j in state.jobs.client_jobs(me.user_id).await? {
            jobs.push(JobLine {
                id: j.id.to_string(),
                title: j.title,
                status: j.status.as_str(),
                posted: j.created_at.format("%Y-%m-%d").to_string(),
            });
        }
    }
    let mut proposals = Vec::new();
    if freelancer {
        for p in state.jobs.freelancer_proposals(me.user_id).await? {
            // A proposal's job may have been closed since; its title still shows.
            let job_title = match state.jobs.job(p.job_id).await {
                Ok(job) => job.title,
                Err(_) => "A job that is no longer listed".to_string(),
            };
            proposals.push(ProposalLine {
                job_id: p.job_id.to_string(),
                job_title,
                status: p.status.as_str(),
                total: total(&p.milestones),
                sent: p.created_at.format("%Y-%m-%d").to_string(),
            });
        }
    }
    Ok(MyWorkPage {
        ctx,
        client,
        freelancer,
        jobs,
        proposals,
    })
}
