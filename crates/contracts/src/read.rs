//! Reading contracts: a party reads a contract, its milestones and its termination
//! requests; a user lists their own contracts. Anyone else gets a 404. The loaders here
//! are shared by the actions, which call them inside their transactions.

use openlance_core::cursor::{Cursor, Page};
use openlance_core::id::UserId;
use openlance_core::{DomainError, Result};
use sqlx::{AnyConnection, AssertSqlSafe, Row};

use crate::model::{
    CONTRACT_COLUMNS, MILESTONE_COLUMNS, TERMINATION_COLUMNS, contract_from_row,
    milestone_from_row, termination_from_row,
};
use crate::{
    Contract, ContractId, ContractStatus, Contracts, Milestone, MilestoneId, TerminationRequest,
};

/// Which side of their contracts a user lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Party {
    Client,
    Freelancer,
}

impl Contracts {
    /// A contract its client or freelancer may read.
    pub async fn contract(&self, caller: UserId, id: ContractId) -> Result<Contract> {
        let mut conn = self.db.reader().acquire().await?;
        party_contract(&mut conn, caller, id).await
    }

    /// A contract's milestones, in order.
    pub async fn milestones(&self, caller: UserId, id: ContractId) -> Result<Vec<Milestone>> {
        let mut conn = self.db.reader().acquire().await?;
        party_contract(&mut conn, caller, id).await?;
        milestones_of(&mut conn, id).await
    }

    /// One milestone, for the parties of its contract.
    pub async fn milestone(&self, caller: UserId, id: MilestoneId) -> Result<Milestone> {
        let mut conn = self.db.reader().acquire().await?;
        let milestone = load_milestone(&mut conn, id).await?;
        let contract = load_contract(&mut conn, milestone.contract_id).await?;
        if !contract.is_party(caller) {
            return Err(DomainError::NotFound("milestone"));
        }
        Ok(milestone)
    }

    /// A contract's termination requests, oldest first.
    pub async fn terminations(
        &self,
        caller: UserId,
        id: ContractId,
    ) -> Result<Vec<TerminationRequest>> {
        let mut conn = self.db.reader().acquire().await?;
        party_contract(&mut conn, caller, id).await?;
        let sql = format!(
            "SELECT {TERMINATION_COLUMNS} FROM termination_requests WHERE contract_id = $1 \
             ORDER BY created_at, id"
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(id.to_string())
            .fetch_all(&mut *conn)
            .await?;
        rows.iter().map(termination_from_row).collect()
    }

    /// The caller's contracts, newest first: as client, as freelancer, or both when
    /// `party` is `None`; optionally only those in `status`. `cursor` continues a page.
    pub async fn contracts_of(
        &self,
        caller: UserId,
        party: Option<Party>,
        status: Option<ContractStatus>,
        cursor: Option<&str>,
        limit: usize,
    ) -> Result<Page<Contract>> {
        let after: Option<String> = cursor.map(Cursor::decode).transpose()?;
        let who = match party {
            Some(Party::Client) => "client_id = $1",
            Some(Party::Freelancer) => "freelancer_id = $1",
            None => "(client_id = $1 OR freelancer_id = $1)",
        };
        let sql = format!(
            "SELECT {CONTRACT_COLUMNS} FROM contracts WHERE {who} \
             AND ($2 = '' OR status = $2) AND ($3 = '' OR id < $3) \
             ORDER BY id DESC LIMIT $4"
        );
        let mut conn = self.db.reader().acquire().await?;
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(caller.to_string())
            .bind(status.map_or("", |s| s.as_str()))
            .bind(after.unwrap_or_default())
            .bind(limit as i64 + 1)
            .fetch_all(&mut *conn)
            .await?;
        let mut contracts = Vec::with_capacity(rows.len());
        for row in &rows {
            let id = ContractId::parse(&row.try_get::<String, _>("id")?)?;
            let ids = milestone_ids(&mut conn, id).await?;
            contracts.push(contract_from_row(row, ids)?);
        }
        Ok(Page::from_rows(contracts, limit, |c| c.id.to_string()))
    }
}

/// The contract if `caller` is one of its parties; a 404 otherwise.
pub(crate) async fn party_contract(
    conn: &mut AnyConnection,
    caller: UserId,
    id: ContractId,
) -> Result<Contract> {
    let contract = load_contract(conn, id).await?;
    if !contract.is_party(caller) {
        return Err(DomainError::NotFound("contract"));
    }
    Ok(contract)
}

pub(crate) async fn load_contract(conn: &mut AnyConnection, id: ContractId) -> Result<Contract> {
    let sql = format!("SELECT {CONTRACT_COLUMNS} FROM contracts WHERE id = $1");
    let row = sqlx::query(AssertSqlSafe(sql))
        .bind(id.to_string())
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(DomainError::NotFound("contract"))?;
    let ids = milestone_ids(conn, id).await?;
    contract_from_row(&row, ids)
}

async fn milestone_ids(conn: &mut AnyConnection, id: ContractId) -> Result<Vec<MilestoneId>> {
    let rows = sqlx::query("SELECT id FROM milestones WHERE contract_id = $1 ORDER BY position")
        .bind(id.to_string())
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| MilestoneId::parse(&r.try_get::<String, _>("id")?))
        .collect()
}

pub(crate) async fn load_milestone(conn: &mut AnyConnection, id: MilestoneId) -> Result<Milestone> {
    let sql = format!("SELECT {MILESTONE_COLUMNS} FROM milestones WHERE id = $1");
    let row = sqlx::query(AssertSqlSafe(sql))
        .bind(id.to_string())
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(DomainError::NotFound("milestone"))?;
    milestone_from_row(&row)
}

pub(crate) async fn milestones_of(
    conn: &mut AnyConnection,
    id: ContractId,
) -> Result<Vec<Milestone>> {
    let sql = format!(
        "SELECT {MILESTONE_COLUMNS} FROM milestones WHERE contract_id = $1 ORDER BY position"
    );
    let rows = sqlx::query(AssertSqlSafe(sql))
        .bind(id.to_string())
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(milestone_from_row).collect()
}

pub(crate) async fn load_termination(
    conn: &mut AnyConnection,
    id: crate::TerminationId,
) -> Result<TerminationRequest> {
    let sql = format!("SELECT {TERMINATION_COLUMNS} FROM termination_requests WHERE id = $1");
    let row = sqlx::query(AssertSqlSafe(sql))
        .bind(id.to_string())
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(DomainError::NotFound("termination request"))?;
    termination_from_row(&row)
}
