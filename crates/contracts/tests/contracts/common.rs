//! A migrated database, a manual clock, payments and contracts, and a relay that
//! delivers outbox events to the contracts consumer.

use std::sync::Arc;

use chrono::NaiveDate;
use openlance_bus::{Bus, InProcessBus, Relay, RelaySettings};
use openlance_contracts::{
    ContractId, Contracts, ContractsConfig, MilestoneId, MilestonePayments, NewContract,
    NewMilestone,
};
use openlance_core::id::UserId;
use openlance_core::{Currency, ManualClock, Money};
use openlance_payments::{OperationKey, PayOutcome, PaymentRequestId, Payments, PaymentsConfig};
use openlance_storage::Db;
use openlance_storage::testing::TestDb;

pub struct Harness {
    pub contracts: Contracts,
    pub payments: Payments,
    pub db: Db,
    pub clock: Arc<ManualClock>,
    relay: Relay,
    _db: TestDb,
}

pub fn usd(amount: i64) -> Money {
    Money::new(amount, Currency::USD)
}

/// A contract between a fresh client and a fresh freelancer.
pub struct Deal {
    pub client: UserId,
    pub freelancer: UserId,
    pub contract: ContractId,
    pub milestones: Vec<MilestoneId>,
}

impl Harness {
    pub async fn new() -> Self {
        let migrations = [
            openlance_bus::MIGRATIONS,
            openlance_payments::MIGRATIONS,
            openlance_contracts::MIGRATIONS,
        ]
        .concat();
        let test_db = TestDb::new(&migrations).await;
        let db = test_db.db.clone();
        let clock = Arc::new(ManualClock::default());
        let payments = Payments::new(db.clone(), clock.clone(), PaymentsConfig::default());
        let contracts = Contracts::new(
            db.clone(),
            clock.clone(),
            ContractsConfig::default(),
            payments.clone(),
        );
        let bus = Arc::new(InProcessBus::new(db.clone(), clock.clone()));
        bus.subscribe(Arc::new(MilestonePayments(contracts.clone())));
        let relay = Relay::new(
            db.clone(),
            bus as Arc<dyn Bus>,
            clock.clone(),
            RelaySettings::default(),
        );
        Self {
            contracts,
            payments,
            db,
            clock,
            relay,
            _db: test_db,
        }
    }

    /// Opens a contract with one milestone per amount (in cents), as accepting a
    /// proposal does, in a transaction of the test's own.
    pub async fn deal(&self, amounts: &[i64]) -> Deal {
        let (client, freelancer) = (UserId::new(), UserId::new());
        let due = NaiveDate::from_ymd_opt(2030, 1, 31).unwrap();
        let mut tx = self.db.begin().await.unwrap();
        let contract = self
            .contracts
            .open(
                &mut tx,
                NewContract {
                    job_id: "job-1".into(),
                    job_title: "A logo".into(),
                    proposal_id: uuid::Uuid::now_v7().to_string(),
                    client_id: client,
                    freelancer_id: freelancer,
                    milestones: amounts
                        .iter()
                        .enumerate()
                        .map(|(i, a)| NewMilestone {
                            description: format!("part {}", i + 1),
                            amount: usd(*a),
                            due_date: due,
                        })
                        .collect(),
                },
            )
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let milestones = self
            .contracts
            .contract(client, contract)
            .await
            .unwrap()
            .milestone_ids;
        Deal {
            client,
            freelancer,
            contract,
            milestones,
        }
    }

    /// Progresses a milestone to IN_REVIEW as its freelancer.
    pub async fn submit(&self, deal: &Deal, m: MilestoneId) {
        for _ in 0..2 {
            self.contracts
                .progress_milestone(deal.freelancer, m)
                .await
                .unwrap();
        }
    }

    /// Pays the milestone's request as the client (escrow or the default test card).
    pub async fn pay(&self, deal: &Deal, m: MilestoneId) -> bool {
        let milestone = self.contracts.milestone(deal.client, m).await.unwrap();
        let request = PaymentRequestId::parse(&milestone.payment_request_id.unwrap()).unwrap();
        match self
            .payments
            .pay_payment_request(deal.client, request, None, &OperationKey::fresh())
            .await
            .unwrap()
        {
            PayOutcome::Paid(paid) => paid.from_escrow,
            PayOutcome::Pending { .. } => panic!("the test provider answers at once"),
        }
    }

    /// Publishes everything due in the outbox to the contracts consumer.
    pub async fn relay(&self) {
        while self.relay.run_once().await.unwrap() > 0 {}
    }
}
