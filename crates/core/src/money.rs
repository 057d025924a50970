//! Exact money: a signed count of minor units (cents) and an ISO 4217 currency.
//! There are no floats anywhere in money paths; arithmetic is checked and refuses to
//! mix currencies.

use serde::{Deserialize, Serialize};

use crate::DomainError;

/// An ISO 4217 currency code, such as `USD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

impl Currency {
    pub const USD: Currency = Currency(*b"USD");
    pub const EUR: Currency = Currency(*b"EUR");

    /// Parses a three-letter code; lowercase is accepted and normalized.
    pub fn parse(code: &str) -> Result<Self, DomainError> {
        let bytes = code.as_bytes();
        if bytes.len() != 3 || !bytes.iter().all(u8::is_ascii_alphabetic) {
            return Err(DomainError::invalid(
                "currency",
                "must be a three-letter ISO 4217 code",
            ));
        }
        let upper = [
            bytes[0].to_ascii_uppercase(),
            bytes[1].to_ascii_uppercase(),
            bytes[2].to_ascii_uppercase(),
        ];
        if !SUPPORTED.iter().any(|(c, _)| c.as_bytes() == upper) {
            return Err(DomainError::invalid(
                "currency",
                format!("currency '{code}' is not supported"),
            ));
        }
        Ok(Self(upper))
    }

    pub fn code(&self) -> &str {
        // Constructed only from ASCII letters.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    /// Number of decimal digits of the minor unit (2 for USD, 0 for JPY, 3 for KWD).
    pub fn exponent(&self) -> u32 {
        SUPPORTED
            .iter()
            .find(|(c, _)| c.as_bytes() == self.0)
            .map_or(2, |(_, e)| *e)
    }

    /// How many minor units make one major unit (100 for USD).
    pub fn minor_per_major(&self) -> i64 {
        10i64.pow(self.exponent())
    }
}

/// The currencies the marketplace accepts, with their minor-unit exponents.
const SUPPORTED: &[(&str, u32)] = &[
    ("USD", 2),
    ("EUR", 2),
    ("GBP", 2),
    ("CAD", 2),
    ("AUD", 2),
    ("CHF", 2),
    ("EGP", 2),
    ("INR", 2),
    ("BRL", 2),
    ("MXN", 2),
    ("PLN", 2),
    ("SEK", 2),
    ("JPY", 0),
    ("KRW", 0),
    ("KWD", 3),
    ("BHD", 3),
];

impl std::fmt::Display for Currency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for Currency {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl utoipa::PartialSchema for Currency {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some("ISO 4217 currency code"))
            .examples(["USD"])
            .into()
    }
}
impl utoipa::ToSchema for Currency {}

/// An amount of money in minor units (cents for USD).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Money {
    /// Integer minor units (cents for USD, yen for JPY).
    pub amount: i64,
    pub currency: Currency,
}

impl Money {
    pub fn new(amount: i64, currency: Currency) -> Self {
        Self { amount, currency }
    }

    pub fn zero(currency: Currency) -> Self {
        Self {
            amount: 0,
            currency,
        }
    }

    /// An amount a client asks to move: strictly positive.
    pub fn positive(amount: i64, currency: Currency) -> Result<Self, DomainError> {
        if amount <= 0 {
            return Err(DomainError::invalid(
                "amount",
                "must be a positive number of minor units",
            ));
        }
        Ok(Self { amount, currency })
    }

    /// Converts a whole-currency amount as WorkUp sends it (`12.5` dollars) into minor
    /// units, refusing fractions finer than the currency's minor unit and overflow.
    pub fn from_major_decimal(text: &str, currency: Currency) -> Result<Self, DomainError> {
        let bad = |m: &str| DomainError::invalid("amount", m.to_string());
        let text = text.trim();
        let (neg, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
        if whole.is_empty() && frac.is_empty()
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(bad("must be a decimal number"));
        }
        let frac = frac.trim_end_matches('0');
        let exp = currency.exponent() as usize;
        if frac.len() > exp {
            return Err(bad(&format!(
                "{currency} amounts have at most {exp} decimal places"
            )));
        }
        let overflow = || bad("amount is too large");
        let whole: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| overflow())?
        };
        let frac_units: i64 = if frac.is_empty() {
            0
        } else {
            format!("{frac:0<exp$}").parse().map_err(|_| overflow())?
        };
        let minor = whole
            .checked_mul(currency.minor_per_major())
            .and_then(|w| w.checked_add(frac_units))
            .ok_or_else(overflow)?;
        Ok(Self {
            amount: if neg { -minor } else { minor },
            currency,
        })
    }

    /// The amount in major units as a JSON number, for WorkUp-compatible responses.
    /// Exact for every amount below 2^53 minor units.
    pub fn to_major_f64(&self) -> f64 {
        self.amount as f64 / self.currency.minor_per_major() as f64
    }

    pub fn checked_add(self, other: Money) -> Result<Money, DomainError> {
        self.same_currency(other)?;
        self.amount
            .checked_add(other.amount)
            .map(|amount| Money {
                amount,
                currency: self.currency,
            })
            .ok_or_else(|| DomainError::invalid("amount", "amount overflows"))
    }

    pub fn checked_sub(self, other: Money) -> Result<Money, DomainError> {
        self.same_currency(other)?;
        self.amount
            .checked_sub(other.amount)
            .map(|amount| Money {
                amount,
                currency: self.currency,
            })
            .ok_or_else(|| DomainError::invalid("amount", "amount overflows"))
    }

    fn same_currency(&self, other: Money) -> Result<(), DomainError> {
        if self.currency != other.currency {
            return Err(DomainError::unprocessable(
                "currency_mismatch",
                format!("cannot combine {} with {}", self.currency, other.currency),
            ));
        }
        Ok(())
    }

    /// A share of this amount in basis points (1/100 of a percent), rounded down to the
    /// minor unit. Used for the platform fee, so the payee is never rounded against.
    pub fn share_bps(&self, bps: u32) -> Money {
        let share = (self.amount as i128 * bps as i128) / 10_000;
        Money {
            amount: share as i64,
            currency: self.currency,
        }
    }
}

impl std::fmt::Display for Money {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let exp = self.currency.exponent();
        let per = self.currency.minor_per_major();
        let sign = if self.amount < 0 { "-" } else { "" };
        let abs = self.amount.unsigned_abs();
        if exp == 0 {
            write!(f, "{sign}{abs} {}", self.currency)
        } else {
            let per = per as u64;
            write!(
                f,
                "{sign}{}.{:0w$} {}",
                abs / per,
                abs % per,
                self.currency,
                w = exp as usize
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_major_amounts_exactly() {
        let usd = Currency::USD;
        assert_eq!(Money::from_major_decimal("12", usd).unwrap().amount, 1200);
        assert_eq!(Money::from_major_decimal("12.5", usd).unwrap().amount, 1250);
        assert_eq!(Money::from_major_decimal("0.01", usd).unwrap().amount, 1);
        assert_eq!(
            Money::from_major_decimal("12.340", usd).unwrap().amount,
            1234
        );
        assert!(Money::from_major_decimal("0.001", usd).is_err());
        assert!(Money::from_major_decimal("1e5", usd).is_err());
        assert!(Money::from_major_decimal("99999999999999999999", usd).is_err());
        let jpy = Currency::parse("jpy").unwrap();
        assert_eq!(Money::from_major_decimal("500", jpy).unwrap().amount, 500);
        assert!(Money::from_major_decimal("500.5", jpy).is_err());
    }

    #[test]
    fn fee_rounds_down_to_the_minor_unit() {
        let m = |a| Money::new(a, Currency::USD);
        assert_eq!(m(1).share_bps(1000).amount, 0);
        assert_eq!(m(9).share_bps(1000).amount, 0);
        assert_eq!(m(10).share_bps(1000).amount, 1);
        assert_eq!(m(12_345).share_bps(1000).amount, 1_234);
        assert_eq!(m(i64::MAX).share_bps(10_000).amount, i64::MAX);
    }

    #[test]
    fn refuses_mixed_currencies_and_overflow() {
        let usd = Money::new(1, Currency::USD);
        assert!(usd.checked_add(Money::new(1, Currency::EUR)).is_err());
        assert!(
            Money::new(i64::MAX, Currency::USD)
                .checked_add(usd)
                .is_err()
        );
        assert!(Currency::parse("US").is_err());
        assert!(Currency::parse("ZZZ").is_err());
    }

    #[test]
    fn displays_in_major_units() {
        assert_eq!(Money::new(-1205, Currency::USD).to_string(), "-12.05 USD");
        assert_eq!(
            Money::new(7, Currency::parse("KWD").unwrap()).to_string(),
            "0.007 KWD"
        );
    }

    proptest! {
        #[test]
        fn fee_plus_net_is_the_whole(amount in 0i64..i64::MAX, bps in 0u32..=10_000) {
            let gross = Money::new(amount, Currency::USD);
            let fee = gross.share_bps(bps);
            let net = gross.checked_sub(fee).unwrap();
            prop_assert!(fee.amount >= 0 && fee.amount <= gross.amount);
            prop_assert_eq!(net.amount + fee.amount, gross.amount);
        }

        #[test]
        fn major_text_round_trips(cents in 0i64..1_000_000_000_000) {
            let text = format!("{}.{:02}", cents / 100, cents % 100);
            prop_assert_eq!(Money::from_major_decimal(&text, Currency::USD).unwrap().amount, cents);
        }
    }
}
