//! Response shapes of the jobs routes: WorkUp's job and proposal JSON (amounts in whole
//! currency units) and Openlance's job view (money in minor units).

use chrono::{DateTime, NaiveDate, Utc};
use openlance_core::{Money, Page};
use openlance_jobs::{Experience, Job, JobDuration, JobStatus, Proposal, ProposalStatus};
use serde::Serialize;
use utoipa::ToSchema;

/// A job as WorkUp shows it, with `status` and `duration` beside WorkUp's fields.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WorkupJob {
    pub id: String,
    pub title: String,
    pub description: String,
    pub location: Option<String>,
    /// Whole currency units (`500` = 500 USD, 50,000 minor units), or null.
    #[schema(example = 500.0)]
    pub budget: Option<f64>,
    pub skills: Vec<String>,
    pub experience: Option<Experience>,
    pub client_id: String,
    /// Whether the job is OPEN (takes proposals).
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub modified_at: DateTime<Utc>,
    pub status: JobStatus,
    pub duration: Option<JobDuration>,
}

impl From<Job> for WorkupJob {
    fn from(j: Job) -> Self {
        Self {
            id: j.id.to_string(),
            title: j.title,
            description: j.description,
            location: j.location,
            budget: j.budget.map(|b| b.to_major_f64()),
            skills: j.skills,
            experience: j.experience,
            client_id: j.client_id.to_string(),
            active: j.status == JobStatus::Open,
            created_at: j.created_at,
            modified_at: j.modified_at,
            status: j.status,
            duration: j.duration,
        }
    }
}

/// A job in Openlance's JSON: money in minor units.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct JobView {
    pub id: String,
    pub client_id: String,
    pub title: String,
    pub description: String,
    pub location: Option<String>,
    pub budget: Option<Money>,
    pub skills: Vec<String>,
    pub experience: Option<Experience>,
    pub duration: Option<JobDuration>,
    pub status: JobStatus,
    pub created_at: DateTime<Utc>,
    pub modified_at: DateTime<Utc>,
}

impl From<Job> for JobView {
    fn from(j: Job) -> Self {
        Self {
            id: j.id.to_string(),
            client_id: j.client_id.to_string(),
            title: j.title,
            description: j.description,
            location: j.location,
            budget: j.budget,
            skills: j.skills,
            experience: j.experience,
            duration: j.duration,
            status: j.status,
            created_at: j.created_at,
            modified_at: j.modified_at,
        }
    }
}

/// One page of jobs.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct JobPage {
    pub items: Vec<JobView>,
    /// Pass back as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

impl From<Page<Job>> for JobPage {
    fn from(p: Page<Job>) -> Self {
        Self {
            items: p.items.into_iter().map(Into::into).collect(),
            next_cursor: p.next_cursor,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WorkupMilestone {
    pub description: String,
    /// Whole currency units.
    #[schema(example = 100.0)]
    pub amount: f64,
    pub currency: String,
    pub due_date: NaiveDate,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WorkupAttachment {
    pub name: String,
    pub url: String,
}

/// A proposal as WorkUp shows it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WorkupProposal {
    pub id: String,
    pub job_id: String,
    pub freelancer_id: String,
    pub cover_letter: String,
    pub status: ProposalStatus,
    pub created_at: DateTime<Utc>,
    pub modified_at: DateTime<Utc>,
    pub duration: JobDuration,
    pub attachments: Vec<WorkupAttachment>,
    pub milestones: Vec<WorkupMilestone>,
}

impl From<Proposal> for WorkupProposal {
    fn from(p: Proposal) -> Self {
        Self {
            id: p.id.to_string(),
            job_id: p.job_id.to_string(),
            freelancer_id: p.freelancer_id.to_string(),
            cover_letter: p.cover_letter,
            status: p.status,
            created_at: p.created_at,
            modified_at: p.modified_at,
            duration: p.duration,
            attachments: p
                .attachments
                .into_iter()
                .map(|a| WorkupAttachment {
                    name: a.name,
                    url: a.url,
                })
                .collect(),
            milestones: p
                .milestones
                .into_iter()
                .map(|m| WorkupMilestone {
                    description: m.description,
                    amount: m.amount.to_major_f64(),
                    currency: m.amount.currency.code().to_string(),
                    due_date: m.due_date,
                })
                .collect(),
        }
    }
}

/// `{proposals: [...]}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct WorkupProposals {
    pub proposals: Vec<WorkupProposal>,
}
