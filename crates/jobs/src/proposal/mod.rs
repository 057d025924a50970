//! Proposals: a freelancer's offer on an open job — cover letter, duration, milestones,
//! attachments — and their state machine: PENDING → ACCEPTED (the job's owner accepts),
//! REJECTED (another proposal was accepted) or WITHDRAWN (its author withdraws).

pub(crate) mod read;
mod submit;
mod update;
mod withdraw;

use chrono::{DateTime, NaiveDate, Utc};
use openlance_core::id::UserId;
use openlance_core::time::from_micros;
use openlance_core::transition::{Moves, State};
use openlance_core::{DomainError, Money, Result, Validator};
use openlance_storage::transition::Machine;
use openlance_storage::{AnyRow, Row};
use serde::{Deserialize, Serialize};

use crate::job::text_enum;
use crate::{JobDuration, JobId, ProposalId};

text_enum!(
    /// Where a proposal stands.
    ProposalStatus {
        Pending => "PENDING",
        Accepted => "ACCEPTED",
        Rejected => "REJECTED",
        Withdrawn => "WITHDRAWN",
    }
);

impl State for ProposalStatus {
    const NOUN: &'static str = "proposal";
    fn as_str(self) -> &'static str {
        ProposalStatus::as_str(self)
    }
    fn parse(text: &str) -> Option<Self> {
        ProposalStatus::parse(text)
    }
}

/// Proposals' state machine: every move is from PENDING.
pub(crate) const MACHINE: Machine<ProposalStatus> = Machine {
    table: "proposals",
    transitions: "proposal_transitions",
    moves: Moves(&[
        (ProposalStatus::Pending, ProposalStatus::Accepted),
        (ProposalStatus::Pending, ProposalStatus::Rejected),
        (ProposalStatus::Pending, ProposalStatus::Withdrawn),
    ]),
};

/// One proposed milestone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    pub description: String,
    pub amount: Money,
    pub due_date: NaiveDate,
}

/// A file attached to a proposal (a name and where it is).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub name: String,
    pub url: String,
}

/// A freelancer's proposal on a job.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proposal {
    pub id: ProposalId,
    pub job_id: JobId,
    pub freelancer_id: UserId,
    pub cover_letter: String,
    pub duration: JobDuration,
    pub milestones: Vec<Milestone>,
    pub attachments: Vec<Attachment>,
    pub status: ProposalStatus,
    pub created_at: DateTime<Utc>,
    pub modified_at: DateTime<Utc>,
}

/// What a freelancer proposes (and what an update replaces).
#[derive(Clone, Debug)]
pub struct NewProposal {
    pub cover_letter: String,
    pub duration: JobDuration,
    pub milestones: Vec<Milestone>,
    pub attachments: Vec<Attachment>,
}

const MAX_COVER_LETTER: usize = 20_000;
const MAX_MILESTONES: usize = 50;
const MAX_ATTACHMENTS: usize = 20;

impl NewProposal {
    /// Checks every field; a due date before `today` is refused.
    pub(crate) fn check(&self, today: NaiveDate) -> Result<()> {
        let mut v = Validator::new();
        let len = self.cover_letter.trim().chars().count();
        v.check(len > 0, "coverLetter", "must not be empty");
        v.check(
            len <= MAX_COVER_LETTER,
            "coverLetter",
            format!("at most {MAX_COVER_LETTER} characters"),
        );
        v.check(
            self.milestones.len() <= MAX_MILESTONES,
            "milestones",
            format!("at most {MAX_MILESTONES} milestones"),
        );
        let currency = self.milestones.first().map(|m| m.amount.currency);
        for (i, m) in self.milestones.iter().enumerate() {
            let d = m.description.trim().chars().count();
            v.check(
                d > 0,
                format!("milestones[{i}].description"),
                "must not be empty",
            );
            v.check(
                d <= 2000,
                format!("milestones[{i}].description"),
                "at most 2000 characters",
            );
            v.check(
                m.amount.amount > 0,
                format!("milestones[{i}].amount"),
                "must be positive",
            );
            v.check(
                m.amount.amount <= 1_000_000_000_000,
                format!("milestones[{i}].amount"),
                "is too large",
            );
            v.check(
                Some(m.amount.currency) == currency,
                format!("milestones[{i}].amount"),
                "every milestone must be in the same currency",
            );
            v.check(
                m.due_date >= today,
                format!("milestones[{i}].dueDate"),
                "must not be in the past",
            );
        }
        v.check(
            self.attachments.len() <= MAX_ATTACHMENTS,
            "attachments",
            format!("at most {MAX_ATTACHMENTS} attachments"),
        );
        for (i, a) in self.attachments.iter().enumerate() {
            let n = a.name.trim().chars().count();
            v.check(
                n > 0 && n <= 200,
                format!("attachments[{i}].name"),
                "1 to 200 characters",
            );
            let url_ok = (a.url.starts_with("https://") || a.url.starts_with("http://"))
                && a.url.len() <= 2000
                && !a.url.chars().any(char::is_whitespace);
            v.check(
                url_ok,
                format!("attachments[{i}].url"),
                "must be an http(s) URL",
            );
        }
        v.finish()
    }
}

pub(crate) const COLUMNS: &str = "p.id, p.job_id, p.freelancer_id, p.cover_letter, p.duration, \
    p.milestones, p.attachments, p.status, p.created_at, p.modified_at";

pub(crate) fn from_row(row: &AnyRow) -> Result<Proposal> {
    let bad =
        |what: &str, text: &str| DomainError::internal(format!("stored proposal {what} {text}"));
    let id: String = row.try_get("id")?;
    let job: String = row.try_get("job_id")?;
    let freelancer: String = row.try_get("freelancer_id")?;
    let duration: String = row.try_get("duration")?;
    let status: String = row.try_get("status")?;
    let milestones: String = row.try_get("milestones")?;
    let attachments: String = row.try_get("attachments")?;
    Ok(Proposal {
        id: ProposalId::parse(&id)?,
        job_id: JobId::parse(&job)?,
        freelancer_id: UserId::parse(&freelancer)?,
        cover_letter: row.try_get("cover_letter")?,
        duration: JobDuration::parse(&duration).ok_or_else(|| bad("duration", &duration))?,
        milestones: serde_json::from_str(&milestones)
            .map_err(|e| bad("milestones", &e.to_string()))?,
        attachments: serde_json::from_str(&attachments)
            .map_err(|e| bad("attachments", &e.to_string()))?,
        status: ProposalStatus::parse(&status).ok_or_else(|| bad("status", &status))?,
        created_at: from_micros(row.try_get("created_at")?),
        modified_at: from_micros(row.try_get("modified_at")?),
    })
}

pub(crate) fn to_json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(DomainError::internal)
}
