//! A provider for fault-injection tests: it wraps the [`TestProvider`] and plays a script
//! of faults, one per call, before answering normally. It is how the tests prove that a
//! provider that succeeds and then loses its answer, hangs, fails or is slow never makes
//! the ledger create or lose money, and never charges twice.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;

use super::{
    ChargeRequest, PaymentProvider, PayoutRequest, ProviderError, ProviderOutcome, RefundRequest,
    TestProvider,
};

/// What the next call does instead of (or before) answering normally.
#[derive(Clone, Debug)]
pub enum Fault {
    /// The provider acts, then never answers: the caller times out or dies with the
    /// money moved at the provider.
    SucceedThenHang,
    /// The provider never receives the call and never answers.
    Hang,
    /// The provider answers only after this delay (then acts normally).
    Delay(Duration),
    /// The provider is unreachable: an error, nothing done.
    Unavailable,
    /// The provider refuses this call (a card declined once), nothing done.
    Decline,
}

/// The [`TestProvider`] behind a script of faults. Clones share the script and the
/// provider's memory.
#[derive(Clone, Debug, Default)]
pub struct ScriptedProvider {
    inner: TestProvider,
    script: Arc<Mutex<VecDeque<Fault>>>,
}

impl ScriptedProvider {
    pub fn new() -> Self {
        Self::default()
    }

    /// Queues a fault for the next call (charges and payouts alike).
    pub fn then(&self, fault: Fault) -> &Self {
        if let Ok(mut script) = self.script.lock() {
            script.push_back(fault);
        }
        self
    }

    /// The provider behind the faults (its charge and payout counts).
    pub fn provider(&self) -> &TestProvider {
        &self.inner
    }

    fn next_fault(&self) -> Option<Fault> {
        self.script.lock().ok().and_then(|mut s| s.pop_front())
    }

    async fn play<F>(&self, act: F) -> Result<ProviderOutcome, ProviderError>
    where
        F: Future<Output = Result<ProviderOutcome, ProviderError>>,
    {
        match self.next_fault() {
            None => act.await,
            Some(Fault::SucceedThenHang) => {
                act.await?;
                std::future::pending().await
            }
            Some(Fault::Hang) => std::future::pending().await,
            Some(Fault::Delay(delay)) => {
                tokio::time::sleep(delay).await;
                act.await
            }
            Some(Fault::Unavailable) => Err(ProviderError("scripted outage".into())),
            Some(Fault::Decline) => Ok(ProviderOutcome::Declined {
                code: "card_declined".into(),
                message: "your card was declined (scripted)".into(),
            }),
        }
    }
}

#[async_trait]
impl PaymentProvider for ScriptedProvider {
    fn name(&self) -> &'static str {
        "test"
    }

    async fn charge(&self, request: &ChargeRequest) -> Result<ProviderOutcome, ProviderError> {
        self.play(self.inner.charge(request)).await
    }

    async fn payout(&self, request: &PayoutRequest) -> Result<ProviderOutcome, ProviderError> {
        self.play(self.inner.payout(request)).await
    }

    async fn refund(&self, request: &RefundRequest) -> Result<ProviderOutcome, ProviderError> {
        self.play(self.inner.refund(request)).await
    }

    async fn retrieve(
        &self,
        idempotency_key: &str,
    ) -> Result<Option<ProviderOutcome>, ProviderError> {
        self.inner.retrieve(idempotency_key).await
    }
}
