//! Reading payment requests, for their client and their freelancer only.

use openlance_core::id::UserId;
use openlance_core::time::from_micros;
use openlance_core::{Currency, DomainError, Money, Result};
use openlance_storage::{AnyRow, Row, Tx};

use super::{COLUMNS, PaymentRequest, PaymentRequestStatus, PaymentTransaction};
use crate::{PaymentRequestId, Payments, TransferId};

impl Payments {
    /// WorkUp's payment transactions: the caller's paid requests (as client or as
    /// freelancer) with the transfer that paid each, newest first.
    pub async fn payment_transactions(
        &self,
        caller: UserId,
        as_client: bool,
    ) -> Result<Vec<PaymentTransaction>> {
        let party = if as_client {
            "p.client_id"
        } else {
            "p.freelancer_id"
        };
        let sql = format!(
            "SELECT t.id, p.id AS request_id, p.amount, p.currency, p.fee, t.created_at \
             FROM payment_requests p JOIN ledger_transfers t \
               ON t.reference_kind = 'payment_request' AND t.reference_id = p.id AND t.kind = 'payment' \
             WHERE {party} = $1 AND p.status = 'PAID' \
             ORDER BY t.created_at DESC, t.id DESC LIMIT 500"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(caller.to_string())
            .fetch_all(self.db.reader())
            .await?;
        rows.iter()
            .map(|r| {
                let currency = Currency::parse(&r.try_get::<String, _>("currency")?)?;
                Ok(PaymentTransaction {
                    id: TransferId::parse(&r.try_get::<String, _>("id")?)?,
                    payment_request_id: PaymentRequestId::parse(
                        &r.try_get::<String, _>("request_id")?,
                    )?,
                    amount: Money::new(r.try_get("amount")?, currency),
                    fee: Money::new(r.try_get::<Option<i64>, _>("fee")?.unwrap_or(0), currency),
                    created_at: from_micros(r.try_get("created_at")?),
                })
            })
            .collect()
    }

    /// A payment request its client or freelancer may see; anyone else gets a 404.
    pub async fn payment_request(
        &self,
        caller: UserId,
        id: PaymentRequestId,
    ) -> Result<PaymentRequest> {
        let sql = format!("SELECT {COLUMNS} FROM payment_requests WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.to_string())
            .fetch_optional(self.db.reader())
            .await?
            .ok_or(DomainError::NotFound("payment request"))?;
        let request = from_row(&row)?;
        if request.client_id != caller && request.freelancer_id != caller {
            return Err(DomainError::NotFound("payment request"));
        }
        Ok(request)
    }

    /// Payment requests where the caller is the client (`as_client`) or the freelancer,
    /// newest first (at most 500; WorkUp's lists are not paginated).
    pub async fn payment_requests(
        &self,
        caller: UserId,
        as_client: bool,
        status: Option<PaymentRequestStatus>,
    ) -> Result<Vec<PaymentRequest>> {
        let party = if as_client {
            "client_id"
        } else {
            "freelancer_id"
        };
        let filter = if status.is_some() {
            "AND status = $2"
        } else {
            "AND $2 = ''"
        };
        let sql = format!(
            "SELECT {COLUMNS} FROM payment_requests WHERE {party} = $1 {filter} \
             ORDER BY created_at DESC, id DESC LIMIT 500"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(caller.to_string())
            .bind(status.map_or("", |s| s.as_str()))
            .fetch_all(self.db.reader())
            .await?;
        rows.iter().map(from_row).collect()
    }
}

pub(super) async fn fetch(tx: &mut Tx, id: PaymentRequestId) -> Result<PaymentRequest> {
    let sql = format!("SELECT {COLUMNS} FROM payment_requests WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.to_string())
        .fetch_optional(tx.conn())
        .await?
        .ok_or(DomainError::NotFound("payment request"))?;
    from_row(&row)
}

fn from_row(row: &AnyRow) -> Result<PaymentRequest> {
    let currency = Currency::parse(&row.try_get::<String, _>("currency")?)?;
    Ok(PaymentRequest {
        id: PaymentRequestId::parse(&row.try_get::<String, _>("id")?)?,
        client_id: UserId::parse(&row.try_get::<String, _>("client_id")?)?,
        freelancer_id: UserId::parse(&row.try_get::<String, _>("freelancer_id")?)?,
        contract_id: row.try_get("contract_id")?,
        milestone_id: row.try_get("milestone_id")?,
        amount: Money::new(row.try_get("amount")?, currency),
        description: row.try_get("description")?,
        status: PaymentRequestStatus::from_stored(&row.try_get::<String, _>("status")?)?,
        fee: row
            .try_get::<Option<i64>, _>("fee")?
            .map(|f| Money::new(f, currency)),
        created_at: from_micros(row.try_get("created_at")?),
        paid_at: row.try_get::<Option<i64>, _>("paid_at")?.map(from_micros),
    })
}
