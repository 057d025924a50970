//! Bulk loading of jobs for `openlance seed`: many jobs in a few multi-row statements,
//! checked by the same rules as a posted job and stored exactly as `post_job` and
//! `close_job` store them (derived skill columns, the full-text index kept by the
//! engine, an audit row for each closed job). No events are written: nobody is notified
//! of seeded jobs.

use chrono::{DateTime, Utc};
use openlance_core::id::UserId;
use openlance_core::time::to_micros;
use openlance_core::{DomainError, Money, Result, Validator};
use openlance_storage::bulk::{self, PastMove};
use openlance_storage::{Backend, Db, Tx};

use crate::job::{self, MACHINE};
use crate::{Experience, JobDuration, JobId, JobStatus};

/// A job as the seeder makes it: a posted job and where it stands now.
#[derive(Clone, Debug)]
pub struct SeedJob {
    pub client: UserId,
    pub title: String,
    pub description: String,
    pub location: Option<String>,
    pub budget: Option<Money>,
    pub skills: Vec<String>,
    pub experience: Option<Experience>,
    pub duration: Option<JobDuration>,
    pub posted_at: DateTime<Utc>,
    /// `Some` for a job its client closed, and when.
    pub closed_at: Option<DateTime<Utc>>,
}

const COLUMNS: [&str; 15] = [
    "id",
    "client_id",
    "title",
    "description",
    "location",
    "budget_amount",
    "budget_currency",
    "skills",
    "skills_key",
    "skills_text",
    "experience",
    "duration",
    "status",
    "created_at",
    "modified_at",
];

/// A checked job with its derived columns, ready to bind.
struct Row {
    id: JobId,
    job: SeedJob,
    skills_json: String,
    skills_key: String,
    skills_text: String,
}

/// Inserts `jobs` in `tx`, in order: give them in posting order, so that a newer job
/// gets a larger `seq` as it would have. Returns how many were written.
pub async fn insert_jobs(tx: &mut Tx, jobs: Vec<SeedJob>) -> Result<u64> {
    let mut rows = Vec::with_capacity(jobs.len());
    let mut closed = Vec::new();
    for mut seeded in jobs {
        let mut v = Validator::new();
        job::check_title(&mut v, &seeded.title);
        job::check_description(&mut v, &seeded.description);
        job::check_location(&mut v, seeded.location.as_deref());
        job::check_budget(&mut v, seeded.budget.as_ref());
        let skills = job::clean_skills(&mut v, &seeded.skills);
        v.finish()?;
        let id = JobId(bulk::id_at(to_micros(seeded.posted_at)));
        if let Some(at) = seeded.closed_at {
            closed.push(PastMove {
                id: id.to_string(),
                from: JobStatus::Open,
                to: JobStatus::Closed,
                actor: Some(seeded.client.to_string()),
                reason: None,
                at: to_micros(at),
            });
        }
        let skills_json = serde_json::to_string(&skills).map_err(DomainError::internal)?;
        let skills_key = job::skills_key(&skills);
        let skills_text = skills.join(" ");
        seeded.skills = skills;
        rows.push(Row {
            id,
            job: seeded,
            skills_json,
            skills_key,
            skills_text,
        });
    }
    let written = bulk::insert(tx, "jobs", &COLUMNS, rows, |q, row| {
        let job = row.job;
        let status = match job.closed_at {
            Some(_) => JobStatus::Closed,
            None => JobStatus::Open,
        };
        let posted = to_micros(job.posted_at);
        q.bind(row.id.to_string())
            .bind(job.client.to_string())
            .bind(trimmed(job.title))
            .bind(trimmed(job.description))
            .bind(job.location)
            .bind(job.budget.map(|b| b.amount))
            .bind(job.budget.map(|b| b.currency.code().to_string()))
            .bind(row.skills_json)
            .bind(row.skills_key)
            .bind(row.skills_text)
            .bind(job.experience.map(|e| e.as_str()))
            .bind(job.duration.map(|d| d.as_str()))
            .bind(status.as_str())
            .bind(posted)
            .bind(job.closed_at.map_or(posted, to_micros))
    })
    .await?;
    bulk::insert_moves(tx, &MACHINE, closed).await?;
    Ok(written)
}

/// The text without surrounding blanks, reusing its buffer when it has none.
fn trimmed(text: String) -> String {
    if text.trim().len() == text.len() {
        text
    } else {
        text.trim().to_string()
    }
}

/// Merges the full-text index after a bulk load. On SQLite a million rows leave FTS5 with
/// many segments that every keyword lookup walks side by side; one merged segment reads a
/// keyword's matches in one pass. On PostgreSQL the `VACUUM` that ends a load
/// ([`openlance_storage::bulk::finish`]) merges the GIN index's pending list.
pub async fn optimize_index(db: &Db) -> Result<()> {
    if db.backend() == Backend::Sqlite {
        sqlx::query("INSERT INTO jobs_fts (jobs_fts) VALUES ('optimize')")
            .execute(db.writer())
            .await?;
    }
    Ok(())
}
