//! Updating an open job by its owner. The SQLite full-text index follows through its
//! triggers; PostgreSQL's `search` column is generated.

use openlance_core::id::UserId;
use openlance_core::{DomainError, Result, Validator};

use super::{Job, JobChanges, JobStatus};
use crate::{JobId, Jobs};

impl Jobs {
    /// Changes an OPEN job's fields. Another client's job is a 404; a closed or filled
    /// job is a 409.
    pub async fn update_job(&self, caller: UserId, id: JobId, changes: JobChanges) -> Result<Job> {
        let mut v = Validator::new();
        if let Some(t) = &changes.title {
            super::check_title(&mut v, t);
        }
        if let Some(d) = &changes.description {
            super::check_description(&mut v, d);
        }
        super::check_location(&mut v, changes.location.as_deref());
        super::check_budget(&mut v, changes.budget.as_ref());
        let skills = changes
            .skills
            .as_ref()
            .map(|s| super::clean_skills(&mut v, s));
        v.finish()?;
        let mut tx = self.db.begin().await?;
        let mut job = super::read::owned(&mut tx, id, caller).await?;
        if job.status != JobStatus::Open {
            return Err(DomainError::conflict(
                "job_not_open",
                format!(
                    "this job is {}; only an open job can be changed",
                    job.status.as_str()
                ),
            ));
        }
        if let Some(t) = changes.title {
            job.title = t.trim().to_string();
        }
        if let Some(d) = changes.description {
            job.description = d.trim().to_string();
        }
        if changes.location.is_some() {
            job.location = changes.location;
        }
        if changes.budget.is_some() {
            job.budget = changes.budget;
        }
        if let Some(s) = skills {
            job.skills = s;
        }
        if changes.experience.is_some() {
            job.experience = changes.experience;
        }
        if changes.duration.is_some() {
            job.duration = changes.duration;
        }
        job.modified_at = self.clock.now();
        let skills_json = serde_json::to_string(&job.skills).map_err(DomainError::internal)?;
        let done = sqlx::query(
            "UPDATE jobs SET title = $1, description = $2, location = $3, budget_amount = $4, \
             budget_currency = $5, skills = $6, skills_key = $7, skills_text = $8, \
             experience = $9, duration = $10, modified_at = $11 \
             WHERE id = $12 AND status = 'OPEN'",
        )
        .bind(&job.title)
        .bind(&job.description)
        .bind(job.location.as_deref())
        .bind(job.budget.map(|b| b.amount))
        .bind(job.budget.map(|b| b.currency.code().to_string()))
        .bind(&skills_json)
        .bind(super::skills_key(&job.skills))
        .bind(job.skills.join(" "))
        .bind(job.experience.map(|e| e.as_str()))
        .bind(job.duration.map(|d| d.as_str()))
        .bind(self.now_micros())
        .bind(id.to_string())
        .execute(tx.conn())
        .await?;
        if done.rows_affected() != 1 {
            return Err(DomainError::conflict(
                "job_not_open",
                "this job is no longer open",
            ));
        }
        tx.commit().await?;
        Ok(job)
    }
}
