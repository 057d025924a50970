//! Closing a job by its owner: it takes no more proposals and leaves search.

use openlance_bus::outbox;
use openlance_core::id::UserId;
use openlance_core::{Event, Result};
use openlance_storage::transition::{self, Move};

use super::{Job, JobStatus, MACHINE};
use crate::events::JobClosed;
use crate::{JobId, Jobs};

impl Jobs {
    /// Moves an OPEN job to CLOSED. Another client's job is a 404; a job that is not
    /// open is a 409 naming its state.
    pub async fn close_job(&self, caller: UserId, id: JobId) -> Result<Job> {
        let mut tx = self.db.begin().await?;
        let mut job = super::read::owned(&mut tx, id, caller).await?;
        let caller_text = caller.to_string();
        let id_text = id.to_string();
        let now = self.now_micros();
        transition::apply(
            &mut tx,
            &MACHINE,
            Move {
                id: &id_text,
                to: JobStatus::Closed,
                actor: Some(&caller_text),
                reason: None,
                at: now,
            },
        )
        .await?;
        sqlx::query("UPDATE jobs SET modified_at = $1 WHERE id = $2")
            .bind(now)
            .bind(&id_text)
            .execute(tx.conn())
            .await?;
        let closed = JobClosed {
            job_id: id_text,
            client_id: caller_text,
        };
        outbox::append(&mut tx, &Event::of(&closed, self.clock.now())).await?;
        tx.commit().await?;
        job.status = JobStatus::Closed;
        job.modified_at = self.clock.now();
        Ok(job)
    }
}
