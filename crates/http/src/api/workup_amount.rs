//! WorkUp's money in request bodies: whole currency units, sent as a JSON number (`50`,
//! `12.5`) or as a string (`"50"`), as WorkUp's clients do. Either is read from its decimal
//! text, so no float ever rounds it; [`WorkupAmount::to_money`] converts it exactly.

use openlance_core::{Currency, DomainError, Money};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

/// An amount of whole currency units as a WorkUp client sent it (number or string).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct WorkupAmount(String);

impl WorkupAmount {
    /// Exact minor units of `currency`, within what one operation may move: a fraction
    /// finer than the minor unit, zero, a negative amount, exponent notation or an
    /// out-of-range value is a 400 `validation_failed` on `field`.
    pub fn to_money(&self, currency: Currency, field: &str) -> Result<Money, DomainError> {
        let rename = |e: DomainError| match e {
            DomainError::Validation(mut errors) => {
                for error in &mut errors {
                    error.field = field.to_string();
                }
                DomainError::Validation(errors)
            }
            other => other,
        };
        let money = Money::from_major_decimal(&self.0, currency).map_err(rename)?;
        openlance_payments::ledger::movable(money).map_err(rename)
    }
}

impl<'de> Deserialize<'de> for WorkupAmount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Text;

        impl Visitor<'_> for Text {
            type Value = WorkupAmount;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "an amount of whole currency units, as a number (50) or a string (\"50\")",
                )
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<WorkupAmount, E> {
                Ok(WorkupAmount(v.to_string()))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<WorkupAmount, E> {
                Ok(WorkupAmount(v.to_string()))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<WorkupAmount, E> {
                // serde_json hands over the shortest text that reads back as this number:
                // `12.5` stays "12.5"; a huge or tiny one is written with an exponent and
                // refused by the decimal parser.
                Ok(WorkupAmount(
                    serde_json::Number::from_f64(v)
                        .map_or_else(|| v.to_string(), |n| n.to_string()),
                ))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<WorkupAmount, E> {
                Ok(WorkupAmount(v.to_string()))
            }
        }

        deserializer.deserialize_any(Text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cents(json: &str) -> Result<i64, String> {
        let amount: WorkupAmount = serde_json::from_str(json).map_err(|e| e.to_string())?;
        amount
            .to_money(Currency::USD, "amount")
            .map(|m| m.amount)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn numbers_and_strings_convert_exactly() {
        assert_eq!(cents("50"), Ok(5_000));
        assert_eq!(cents("\"50\""), Ok(5_000));
        assert_eq!(cents("12.5"), Ok(1_250));
        assert_eq!(cents("\"12.50\""), Ok(1_250));
        assert_eq!(cents("0.1"), Ok(10));
        for bad in [
            "12.345",
            "\"12.345\"",
            "0",
            "\"0\"",
            "-5",
            "\"-5\"",
            "1e300",
            "\"1e3\"",
            "\"fifty\"",
            "\"\"",
            "true",
            "null",
            "[50]",
            "100000000000000000000",
        ] {
            assert!(cents(bad).is_err(), "{bad} was accepted");
        }
    }
}
