//! A contract's history: every transition of the contract, of its milestones and of its
//! termination requests (and each request's filing), oldest first, from the audit
//! tables. Only its two parties read it.

use chrono::{DateTime, Utc};
use openlance_core::Result;
use openlance_core::id::UserId;
use openlance_core::time::from_micros;
use openlance_storage::Row;

use crate::read::party_contract;
use crate::{ContractId, Contracts};

/// One recorded change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryEntry {
    /// `contract`, `milestone` or `termination`.
    pub subject: String,
    /// The contract, milestone or termination request that changed.
    pub subject_id: String,
    /// `None` when the object was created (a termination request filed).
    pub from: Option<String>,
    pub to: String,
    /// Who did it; `None` for the system (a payment, the review timer).
    pub actor_id: Option<String>,
    /// The change request's message, the termination's reason, a timer's note.
    pub message: Option<String>,
    pub at: DateTime<Utc>,
}

impl Contracts {
    /// The contract's history, oldest first, for its client or freelancer.
    pub async fn history(&self, caller: UserId, id: ContractId) -> Result<Vec<HistoryEntry>> {
        let mut conn = self.db.reader().acquire().await?;
        party_contract(&mut conn, caller, id).await?;
        let rows = sqlx::query(
            "SELECT 'contract' AS subject, subject_id, from_status, to_status, actor_id, reason, \
                    occurred_at, id FROM contract_transitions WHERE subject_id = $1 \
             UNION ALL \
             SELECT 'milestone', subject_id, from_status, to_status, actor_id, reason, \
                    occurred_at, id FROM milestone_transitions \
             WHERE subject_id IN (SELECT id FROM milestones WHERE contract_id = $1) \
             UNION ALL \
             SELECT 'termination', id, NULL, 'PENDING', requester_id, reason, created_at, id \
             FROM termination_requests WHERE contract_id = $1 \
             UNION ALL \
             SELECT 'termination', subject_id, from_status, to_status, actor_id, reason, \
                    occurred_at, id FROM termination_transitions \
             WHERE subject_id IN (SELECT id FROM termination_requests WHERE contract_id = $1) \
             ORDER BY occurred_at, id",
        )
        .bind(id.to_string())
        .fetch_all(&mut *conn)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(HistoryEntry {
                    subject: row.try_get("subject")?,
                    subject_id: row.try_get("subject_id")?,
                    from: row.try_get("from_status")?,
                    to: row.try_get("to_status")?,
                    actor_id: row.try_get("actor_id")?,
                    message: row.try_get("reason")?,
                    at: from_micros(row.try_get("occurred_at")?),
                })
            })
            .collect()
    }
}
