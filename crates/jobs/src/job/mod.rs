//! Jobs: what a client posts, its state machine (OPEN → CLOSED by its owner, OPEN →
//! FILLED when a proposal is accepted) and the rules for its fields.

mod close;
mod post;
pub(crate) mod read;
mod update;

use chrono::{DateTime, Utc};
use openlance_core::id::UserId;
use openlance_core::time::from_micros;
use openlance_core::transition::{Moves, State};
use openlance_core::{Currency, DomainError, Money, Result, Validator};
use openlance_storage::transition::Machine;
use openlance_storage::{AnyRow, Row};

use crate::JobId;

/// Declares a text enum stored and sent as its SCREAMING_SNAKE_CASE name.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize,
                 utoipa::ToSchema)]
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the stored or sent name; anything else is `None`.
            pub fn parse(text: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == text)
            }
        }
    };
}
pub(crate) use text_enum;

text_enum!(
    /// The experience a job asks for.
    Experience { EntryLevel => "ENTRY_LEVEL", Intermediate => "INTERMEDIATE", Expert => "EXPERT" }
);
text_enum!(
    /// How long a job (or a proposal's work) is expected to take.
    JobDuration {
        LessThanAMonth => "LESS_THAN_A_MONTH",
        OneToThreeMonths => "ONE_TO_THREE_MONTHS",
        ThreeToSixMonths => "THREE_TO_SIX_MONTHS",
        MoreThanSixMonths => "MORE_THAN_SIX_MONTHS",
    }
);
text_enum!(
    /// Where a job stands: only OPEN jobs are found and take proposals.
    JobStatus { Open => "OPEN", Closed => "CLOSED", Filled => "FILLED" }
);

impl State for JobStatus {
    const NOUN: &'static str = "job";
    fn as_str(self) -> &'static str {
        JobStatus::as_str(self)
    }
    fn parse(text: &str) -> Option<Self> {
        JobStatus::parse(text)
    }
}

/// Jobs' state machine: closed by the owner, or filled by accepting a proposal.
pub(crate) const MACHINE: Machine<JobStatus> = Machine {
    table: "jobs",
    transitions: "job_transitions",
    moves: Moves(&[
        (JobStatus::Open, JobStatus::Closed),
        (JobStatus::Open, JobStatus::Filled),
    ]),
};

/// A posted job.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    pub id: JobId,
    /// The job's place in the sequence of posted jobs (newer = larger).
    pub seq: i64,
    pub client_id: UserId,
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

/// What a client posts. Only the title and the description are required.
#[derive(Clone, Debug, Default)]
pub struct NewJob {
    pub title: String,
    pub description: String,
    pub location: Option<String>,
    pub budget: Option<Money>,
    pub skills: Vec<String>,
    pub experience: Option<Experience>,
    pub duration: Option<JobDuration>,
}

/// Changes to an open job; `None` leaves a field as it is.
#[derive(Clone, Debug, Default)]
pub struct JobChanges {
    pub title: Option<String>,
    pub description: Option<String>,
    pub location: Option<String>,
    pub budget: Option<Money>,
    pub skills: Option<Vec<String>>,
    pub experience: Option<Experience>,
    pub duration: Option<JobDuration>,
}

pub(crate) const MAX_TITLE: usize = 200;
pub(crate) const MAX_DESCRIPTION: usize = 20_000;
pub(crate) const MAX_SKILLS: usize = 30;
pub(crate) const MAX_SKILL: usize = 50;

pub(crate) fn check_title(v: &mut Validator, title: &str) {
    let len = title.trim().chars().count();
    v.check(len > 0, "title", "must not be empty");
    v.check(
        len <= MAX_TITLE,
        "title",
        format!("at most {MAX_TITLE} characters"),
    );
}

pub(crate) fn check_description(v: &mut Validator, description: &str) {
    let len = description.trim().chars().count();
    v.check(len > 0, "description", "must not be empty");
    v.check(
        len <= MAX_DESCRIPTION,
        "description",
        format!("at most {MAX_DESCRIPTION} characters"),
    );
}

pub(crate) fn check_location(v: &mut Validator, location: Option<&str>) {
    if let Some(l) = location {
        v.check(
            l.chars().count() <= 200,
            "location",
            "at most 200 characters",
        );
    }
}

pub(crate) fn check_budget(v: &mut Validator, budget: Option<&Money>) {
    if let Some(b) = budget {
        v.check(b.amount > 0, "budget", "must be positive");
        v.check(
            b.amount <= 1_000_000_000_000,
            "budget",
            "must be at most 10,000,000,000 in major units",
        );
    }
}

/// Trims the skills and checks them; duplicates (case-insensitive) are dropped.
pub(crate) fn clean_skills(v: &mut Validator, skills: &[String]) -> Vec<String> {
    v.check(
        skills.len() <= MAX_SKILLS,
        "skills",
        format!("at most {MAX_SKILLS} skills"),
    );
    let mut out: Vec<String> = Vec::new();
    for (i, skill) in skills.iter().enumerate() {
        let s = skill.trim();
        let len = s.chars().count();
        v.check(len > 0, format!("skills[{i}]"), "must not be empty");
        v.check(
            len <= MAX_SKILL,
            format!("skills[{i}]"),
            format!("at most {MAX_SKILL} characters"),
        );
        v.check(
            !s.contains('|'),
            format!("skills[{i}]"),
            "must not contain '|'",
        );
        if len > 0 && !out.iter().any(|o| o.to_lowercase() == s.to_lowercase()) {
            out.push(s.to_string());
        }
    }
    out
}

/// `|skill|skill|` in lower case: what the skill filter looks for.
pub(crate) fn skills_key(skills: &[String]) -> String {
    let mut key = String::from("|");
    for s in skills {
        key.push_str(&s.to_lowercase());
        key.push('|');
    }
    key
}

pub(crate) const COLUMNS: &str = "j.id, j.seq, j.client_id, j.title, j.description, j.location, \
    j.budget_amount, j.budget_currency, j.skills, j.experience, j.duration, j.status, \
    j.created_at, j.modified_at";

pub(crate) fn from_row(row: &AnyRow) -> Result<Job> {
    let bad = |what: &str, text: &str| DomainError::internal(format!("stored job {what} {text}"));
    let id: String = row.try_get("id")?;
    let client: String = row.try_get("client_id")?;
    let amount: Option<i64> = row.try_get("budget_amount")?;
    let currency: Option<String> = row.try_get("budget_currency")?;
    let budget = match (amount, currency) {
        (Some(a), Some(c)) => Some(Money::new(a, Currency::parse(&c)?)),
        _ => None,
    };
    let skills: String = row.try_get("skills")?;
    let experience: Option<String> = row.try_get("experience")?;
    let duration: Option<String> = row.try_get("duration")?;
    let status: String = row.try_get("status")?;
    Ok(Job {
        id: JobId::parse(&id)?,
        seq: row.try_get("seq")?,
        client_id: UserId::parse(&client)?,
        title: row.try_get("title")?,
        description: row.try_get("description")?,
        location: row.try_get("location")?,
        budget,
        skills: serde_json::from_str(&skills).map_err(|e| bad("skills", &e.to_string()))?,
        experience: match experience {
            Some(e) => Some(Experience::parse(&e).ok_or_else(|| bad("experience", &e))?),
            None => None,
        },
        duration: match duration {
            Some(d) => Some(JobDuration::parse(&d).ok_or_else(|| bad("duration", &d))?),
            None => None,
        },
        status: JobStatus::parse(&status).ok_or_else(|| bad("status", &status))?,
        created_at: from_micros(row.try_get("created_at")?),
        modified_at: from_micros(row.try_get("modified_at")?),
    })
}
