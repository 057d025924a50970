//! The built-in `test` provider: behaves like a card processor in test mode, so the
//! whole marketplace works without an external account. Its rules (documented in
//! `docs/payments.md`):
//!
//! - payment methods `pm_card_visa`, `pm_card_mastercard`, `pm_card_amex` succeed;
//!   `pm_card_chargeDeclined` is declined (`card_declined`), `pm_card_insufficientFunds`
//!   is declined (`insufficient_funds`), `pm_card_pending` answers `Pending`; any other
//!   method is declined (`unknown_payment_method`);
//! - a charge whose amount in minor units ends in `402` is declined (`card_declined`);
//! - a payout whose amount in minor units ends in `409` is declined (`payout_failed`);
//! - refunds always succeed;
//! - like a real processor it honours idempotency keys: a repeated key gets the first
//!   answer back and moves no money again; it remembers keys for the life of the process.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use sha2::{Digest, Sha256};

use super::{
    ChargeRequest, PaymentProvider, PayoutRequest, ProviderError, ProviderOutcome, RefundRequest,
};

/// Payment methods the test provider charges successfully.
pub const SUCCEEDING_METHODS: &[&str] = &["pm_card_visa", "pm_card_mastercard", "pm_card_amex"];

/// The test provider. Clones share one memory of idempotency keys.
#[derive(Clone, Debug, Default)]
pub struct TestProvider {
    seen: Arc<Mutex<Seen>>,
}

#[derive(Debug, Default)]
struct Seen {
    outcomes: HashMap<String, ProviderOutcome>,
    /// Charges that took money (first answers that succeeded), for tests.
    charges: u64,
    payouts: u64,
}

impl TestProvider {
    /// How many charges succeeded (a repeated key is not a second charge).
    pub fn charges(&self) -> u64 {
        self.seen.lock().map_or(0, |s| s.charges)
    }

    /// How many payouts succeeded.
    pub fn payouts(&self) -> u64 {
        self.seen.lock().map_or(0, |s| s.payouts)
    }

    /// The first answer for `key`, or `decide()` recorded as it.
    fn once(
        &self,
        key: &str,
        payout: bool,
        decide: impl FnOnce() -> ProviderOutcome,
    ) -> Result<ProviderOutcome, ProviderError> {
        let mut seen = self
            .seen
            .lock()
            .map_err(|_| ProviderError("test provider state poisoned".into()))?;
        if let Some(outcome) = seen.outcomes.get(key) {
            return Ok(outcome.clone());
        }
        let outcome = decide();
        if matches!(outcome, ProviderOutcome::Succeeded { .. }) {
            if payout {
                seen.payouts += 1;
            } else {
                seen.charges += 1;
            }
        }
        seen.outcomes.insert(key.to_string(), outcome.clone());
        Ok(outcome)
    }
}

fn declined(code: &str, message: &str) -> ProviderOutcome {
    ProviderOutcome::Declined {
        code: code.to_string(),
        message: message.to_string(),
    }
}

fn reference(prefix: &str, key: &str) -> String {
    // Deterministic per idempotency key, like a real provider's idempotent replay.
    let digest = Sha256::digest(key.as_bytes());
    let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
    format!("{prefix}_{hex}")
}

#[async_trait]
impl PaymentProvider for TestProvider {
    fn name(&self) -> &'static str {
        "test"
    }

    async fn charge(&self, request: &ChargeRequest) -> Result<ProviderOutcome, ProviderError> {
        self.once(&request.idempotency_key, false, || decide_charge(request))
    }

    async fn payout(&self, request: &PayoutRequest) -> Result<ProviderOutcome, ProviderError> {
        self.once(&request.idempotency_key, true, || {
            if request.amount.amount % 1000 == 409 {
                declined(
                    "payout_failed",
                    "the payout failed (test amount ending in 409)",
                )
            } else {
                ProviderOutcome::Succeeded {
                    reference: reference("test_po", &request.idempotency_key),
                }
            }
        })
    }

    async fn refund(&self, request: &RefundRequest) -> Result<ProviderOutcome, ProviderError> {
        self.once(&request.idempotency_key, false, || {
            ProviderOutcome::Succeeded {
                reference: reference("test_re", &request.idempotency_key),
            }
        })
    }

    async fn retrieve(
        &self,
        idempotency_key: &str,
    ) -> Result<Option<ProviderOutcome>, ProviderError> {
        let seen = self
            .seen
            .lock()
            .map_err(|_| ProviderError("test provider state poisoned".into()))?;
        Ok(seen.outcomes.get(idempotency_key).cloned())
    }
}

fn decide_charge(request: &ChargeRequest) -> ProviderOutcome {
    {
        let method = request.payment_method.as_str();
        match method {
            "pm_card_chargeDeclined" => declined("card_declined", "your card was declined"),
            "pm_card_insufficientFunds" => {
                declined("insufficient_funds", "your card has insufficient funds")
            }
            "pm_card_pending" => ProviderOutcome::Pending {
                reference: reference("test_ch", &request.idempotency_key),
            },
            m if !SUCCEEDING_METHODS.contains(&m) => declined(
                "unknown_payment_method",
                "the test provider does not know this payment method",
            ),
            _ if request.amount.amount % 1000 == 402 => declined(
                "card_declined",
                "your card was declined (test amount ending in 402)",
            ),
            _ => ProviderOutcome::Succeeded {
                reference: reference("test_ch", &request.idempotency_key),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use openlance_core::id::UserId;
    use openlance_core::{Currency, Money};

    fn charge(method: &str, amount: i64) -> ChargeRequest {
        ChargeRequest {
            payer: UserId::new(),
            payment_method: method.into(),
            amount: Money::new(amount, Currency::USD),
            idempotency_key: format!("k-{method}-{amount}"),
        }
    }

    #[tokio::test]
    async fn follows_the_documented_test_cards_and_amounts() {
        let p = TestProvider::default();
        let ok = |o: ProviderOutcome| matches!(o, ProviderOutcome::Succeeded { .. });
        let code = |o: ProviderOutcome| match o {
            ProviderOutcome::Declined { code, .. } => code,
            other => panic!("expected a decline, got {other:?}"),
        };
        assert!(ok(p.charge(&charge("pm_card_visa", 1000)).await.unwrap()));
        assert_eq!(
            code(
                p.charge(&charge("pm_card_chargeDeclined", 1000))
                    .await
                    .unwrap()
            ),
            "card_declined"
        );
        assert_eq!(
            code(
                p.charge(&charge("pm_card_insufficientFunds", 1000))
                    .await
                    .unwrap()
            ),
            "insufficient_funds"
        );
        assert_eq!(
            code(p.charge(&charge("pm_card_visa", 1402)).await.unwrap()),
            "card_declined"
        );
        assert_eq!(
            code(p.charge(&charge("tok_nonsense", 1000)).await.unwrap()),
            "unknown_payment_method"
        );
        assert!(matches!(
            p.charge(&charge("pm_card_pending", 1000)).await.unwrap(),
            ProviderOutcome::Pending { .. }
        ));
        let payout = |amount| PayoutRequest {
            payee: UserId::new(),
            amount: Money::new(amount, Currency::USD),
            idempotency_key: format!("p-{amount}"),
        };
        assert!(ok(p.payout(&payout(500)).await.unwrap()));
        assert_eq!(
            code(p.payout(&payout(2409)).await.unwrap()),
            "payout_failed"
        );
    }

    #[tokio::test]
    async fn a_repeated_key_gets_the_first_answer_and_charges_once() {
        let p = TestProvider::default();
        let first = p.charge(&charge("pm_card_visa", 1000)).await.unwrap();
        let again = p.charge(&charge("pm_card_visa", 1000)).await.unwrap();
        assert_eq!(first, again);
        assert_eq!(p.charges(), 1);
        assert_eq!(
            p.retrieve("k-pm_card_visa-1000").await.unwrap(),
            Some(first)
        );
        assert_eq!(p.retrieve("never-sent").await.unwrap(), None);
    }
}
