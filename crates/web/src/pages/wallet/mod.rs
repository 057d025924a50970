//! The wallet: balances (available and in escrow), history, top up, withdraw.

pub mod show;
pub mod top_up;
pub mod withdraw;

use openlance_core::{Currency, DomainError, Money};
use serde::Deserialize;

/// The top-up and withdrawal forms. `op` is a one-time key the page put in the form, so
/// a double submit moves money once.
#[derive(Deserialize)]
pub struct MoneyForm {
    #[serde(default)]
    pub amount: String,
    #[serde(default)]
    pub currency: String,
    #[serde(default)]
    pub method: String,
    #[serde(default)]
    pub op: String,
}

impl MoneyForm {
    pub fn money(&self) -> Result<Money, DomainError> {
        let currency = Currency::parse(&self.currency)?;
        Money::from_major_decimal(self.amount.trim(), currency).map_err(|_| {
            DomainError::invalid("amount", "write the amount as a number, like 20 or 19.99")
        })
    }

    pub fn key(
        &self,
        user: openlance_core::id::UserId,
    ) -> Result<openlance_payments::OperationKey, DomainError> {
        if self.op.len() < 16 || self.op.len() > 64 {
            return Err(DomainError::invalid("op", "reload the page and try again"));
        }
        Ok(openlance_payments::OperationKey::from_client(
            user,
            &format!("web:{}", self.op),
        ))
    }
}
