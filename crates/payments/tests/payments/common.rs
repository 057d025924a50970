//! A migrated database, a manual clock and the payments service, plus small helpers.

use std::sync::Arc;

use openlance_core::id::UserId;
use openlance_core::{Currency, ManualClock, Money};
use openlance_payments::{
    EscrowRef, HoldEscrow, NewPaymentRequest, OperationKey, PaidRequest, PayOutcome,
    PaymentRequest, PaymentRequestId, Payments, PaymentsConfig, ScriptedProvider,
};
use openlance_storage::testing::TestDb;
use openlance_storage::{Db, Row};

pub struct Harness {
    pub payments: Payments,
    /// The provider behind `payments`: script faults on it, count its charges.
    pub provider: ScriptedProvider,
    pub db: Db,
    pub clock: Arc<ManualClock>,
    _db: TestDb,
}

pub fn usd(amount: i64) -> Money {
    Money::new(amount, Currency::USD)
}

/// A fresh idempotency key for escrow operations.
pub fn key() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Where a test's escrow hold is funded from.
pub enum Source {
    Wallet,
    /// Charged to `pm_card_visa` first (a top-up), then held from the wallet: how a
    /// caller funds an escrow by card now that holds never call the provider.
    Card,
}

impl Harness {
    pub async fn new() -> Self {
        Self::with_config(PaymentsConfig::default()).await
    }

    /// A harness whose provider answers within `timeout` or counts as unknown.
    pub async fn with_config(config: PaymentsConfig) -> Self {
        let migrations = [openlance_bus::MIGRATIONS, openlance_payments::MIGRATIONS].concat();
        let test_db = TestDb::new(&migrations).await;
        let db = test_db.db.clone();
        let clock = Arc::new(ManualClock::default());
        let provider = ScriptedProvider::new();
        let payments = Payments::new(db.clone(), clock.clone(), config)
            .with_provider(Arc::new(provider.clone()));
        Self {
            payments,
            provider,
            db,
            clock,
            _db: test_db,
        }
    }

    pub async fn top_up(&self, user: UserId, amount: i64) {
        self.payments
            .top_up(user, usd(amount), "pm_card_visa", &OperationKey::fresh())
            .await
            .unwrap();
    }

    /// Pays a request with a fresh key and expects the provider to answer at once.
    pub async fn pay(
        &self,
        client: UserId,
        id: PaymentRequestId,
        method: Option<&str>,
    ) -> openlance_core::Result<PaidRequest> {
        match self
            .payments
            .pay_payment_request(client, id, method, &OperationKey::fresh())
            .await?
        {
            PayOutcome::Paid(paid) => Ok(*paid),
            PayOutcome::Pending { .. } => panic!("the payment is pending"),
        }
    }

    pub async fn available(&self, user: UserId) -> i64 {
        let balances = self.payments.wallet(user).await.unwrap();
        balances
            .iter()
            .find(|b| b.currency == Currency::USD)
            .map_or(0, |b| b.available.amount)
    }

    pub async fn in_escrow(&self, user: UserId) -> i64 {
        let balances = self.payments.wallet(user).await.unwrap();
        balances
            .iter()
            .find(|b| b.currency == Currency::USD)
            .map_or(0, |b| b.in_escrow.amount)
    }

    pub async fn hold(
        &self,
        payer: UserId,
        escrow: &EscrowRef,
        amount: i64,
        source: Source,
    ) -> openlance_core::Result<()> {
        if let Source::Card = source {
            self.payments
                .top_up(payer, usd(amount), "pm_card_visa", &OperationKey::fresh())
                .await?;
        }
        let mut tx = self.db.begin().await.unwrap();
        let hold = HoldEscrow {
            escrow: escrow.clone(),
            payer,
            amount: usd(amount),
            key: key(),
        };
        self.payments.hold_escrow(&mut tx, hold).await?;
        tx.commit().await.unwrap();
        Ok(())
    }

    pub async fn request(
        &self,
        client: UserId,
        freelancer: UserId,
        milestone: &str,
        amount: i64,
    ) -> PaymentRequest {
        let mut tx = self.db.begin().await.unwrap();
        let request = self
            .payments
            .create_payment_request(
                &mut tx,
                NewPaymentRequest {
                    client_id: client,
                    freelancer_id: freelancer,
                    contract_id: "contract-1".into(),
                    milestone_id: milestone.into(),
                    amount: usd(amount),
                    description: "Milestone 1".into(),
                },
            )
            .await
            .unwrap();
        tx.commit().await.unwrap();
        request
    }

    /// The platform's fee revenue in USD, from the trial balance.
    pub async fn fees(&self) -> i64 {
        let report = self.payments.check_ledger().await.unwrap();
        report
            .trial_balance
            .iter()
            .filter(|l| l.currency == Currency::USD && l.purpose == "fee_revenue")
            .map(|l| l.balance)
            .sum()
    }

    pub async fn transfer_count(&self) -> i64 {
        sqlx::query("SELECT COUNT(*) AS n FROM ledger_transfers")
            .fetch_one(self.db.reader())
            .await
            .unwrap()
            .try_get("n")
            .unwrap()
    }

    pub async fn assert_balanced(&self) {
        let report = self.payments.check_ledger().await.unwrap();
        assert!(report.is_balanced(), "ledger problems:\n{report}");
    }
}
