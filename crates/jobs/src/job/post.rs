//! Posting a job.

use openlance_bus::outbox;
use openlance_core::id::UserId;
use openlance_core::time::from_micros;
use openlance_core::{Event, Result, Validator};

use super::{Job, JobStatus, NewJob};
use crate::events::JobPosted;
use crate::{JobId, Jobs};

impl Jobs {
    /// Posts an OPEN job owned by `client` (the caller's CLIENT role is checked at the edge).
    pub async fn post_job(&self, client: UserId, new: NewJob) -> Result<Job> {
        let mut v = Validator::new();
        super::check_title(&mut v, &new.title);
        super::check_description(&mut v, &new.description);
        super::check_location(&mut v, new.location.as_deref());
        super::check_budget(&mut v, new.budget.as_ref());
        let skills = super::clean_skills(&mut v, &new.skills);
        v.finish()?;
        let now = self.now_micros();
        let id = JobId::new();
        let skills_json =
            serde_json::to_string(&skills).map_err(openlance_core::DomainError::internal)?;
        let mut tx = self.db.begin().await?;
        let row = sqlx::query(
            "INSERT INTO jobs (id, client_id, title, description, location, budget_amount, \
             budget_currency, skills, skills_key, skills_text, experience, duration, status, \
             created_at, modified_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'OPEN', $13, $13) \
             RETURNING seq",
        )
        .bind(id.to_string())
        .bind(client.to_string())
        .bind(new.title.trim())
        .bind(new.description.trim())
        .bind(new.location.as_deref())
        .bind(new.budget.map(|b| b.amount))
        .bind(new.budget.map(|b| b.currency.code().to_string()))
        .bind(&skills_json)
        .bind(super::skills_key(&skills))
        .bind(skills.join(" "))
        .bind(new.experience.map(|e| e.as_str()))
        .bind(new.duration.map(|d| d.as_str()))
        .bind(now)
        .fetch_one(tx.conn())
        .await?;
        let seq: i64 = openlance_storage::Row::try_get(&row, "seq")?;
        let job = Job {
            id,
            seq,
            client_id: client,
            title: new.title.trim().to_string(),
            description: new.description.trim().to_string(),
            location: new.location,
            budget: new.budget,
            skills,
            experience: new.experience,
            duration: new.duration,
            status: JobStatus::Open,
            created_at: from_micros(now),
            modified_at: from_micros(now),
        };
        let posted = JobPosted {
            job_id: id.to_string(),
            client_id: client.to_string(),
            title: job.title.clone(),
        };
        outbox::append(&mut tx, &Event::of(&posted, self.clock.now())).await?;
        tx.commit().await?;
        Ok(job)
    }
}
