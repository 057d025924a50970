//! Opaque pagination cursors. A cursor encodes the sort key of the last item of a page
//! (for newest-first lists: its timestamp and id); clients pass it back unchanged.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Serialize, de::DeserializeOwned};

use crate::DomainError;

/// The position after which the next page starts, encoded for clients as opaque text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor(String);

impl Cursor {
    pub fn encode<T: Serialize>(key: &T) -> Self {
        let json = serde_json::to_vec(key).unwrap_or_default();
        Self(URL_SAFE_NO_PAD.encode(json))
    }

    /// Decodes a cursor a client sent back; tampered or foreign cursors are a 400. A cursor
    /// whose text holds a NUL character was never issued by us (PostgreSQL cannot store
    /// one), so it is refused here rather than failing in the database.
    pub fn decode<T: DeserializeOwned>(text: &str) -> Result<T, DomainError> {
        let bad = || DomainError::invalid("cursor", "the cursor is not one this server issued");
        let bytes = URL_SAFE_NO_PAD.decode(text).map_err(|_| bad())?;
        let key: serde_json::Value = serde_json::from_slice(&bytes).map_err(|_| bad())?;
        if holds_nul(&key) {
            return Err(bad());
        }
        serde_json::from_value(key).map_err(|_| bad())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// Whether any string (or object key) in `value` contains U+0000.
fn holds_nul(value: &serde_json::Value) -> bool {
    use serde_json::Value;
    match value {
        Value::String(s) => s.contains('\0'),
        Value::Array(items) => items.iter().any(holds_nul),
        Value::Object(map) => map.iter().any(|(k, v)| k.contains('\0') || holds_nul(v)),
        Value::Null | Value::Bool(_) | Value::Number(_) => false,
    }
}

/// One page of a list, with the cursor of the next page if there is one.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// Builds a page from `limit + 1` fetched rows: the extra row only proves a next page exists.
    pub fn from_rows<K: Serialize>(mut rows: Vec<T>, limit: usize, key: impl Fn(&T) -> K) -> Self {
        let more = rows.len() > limit;
        rows.truncate(limit);
        let next_cursor = if more {
            rows.last()
                .map(|last| Cursor::encode(&key(last)).into_string())
        } else {
            None
        };
        Self {
            items: rows,
            next_cursor,
        }
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next_cursor: self.next_cursor,
        }
    }
}

/// Clamps a client's page size to 1..=100, defaulting to 20.
pub fn page_limit(requested: Option<i64>) -> Result<usize, DomainError> {
    match requested {
        None => Ok(20),
        Some(n) if (1..=100).contains(&n) => Ok(n as usize),
        Some(_) => Err(DomainError::invalid("limit", "must be between 1 and 100")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips_and_rejects_garbage() {
        let c = Cursor::encode(&(42i64, "abc"));
        let back: (i64, String) = Cursor::decode(c.as_str()).unwrap();
        assert_eq!(back, (42, "abc".to_string()));
        assert!(Cursor::decode::<(i64, String)>("not-a-cursor!").is_err());
        assert!(Cursor::decode::<(i64, String)>(&URL_SAFE_NO_PAD.encode("[1]")).is_err());
    }

    #[test]
    fn a_cursor_holding_a_nul_character_is_refused() {
        let nul = Cursor::encode(&(42i64, "a\0b"));
        let err = Cursor::decode::<(i64, String)>(nul.as_str()).unwrap_err();
        assert!(matches!(err, DomainError::Validation(ref e) if e[0].field == "cursor"));
        let nul = Cursor::encode(&"\0");
        assert!(Cursor::decode::<String>(nul.as_str()).is_err());
    }

    #[test]
    fn page_reports_next_cursor_only_when_more_rows_exist() {
        let p = Page::from_rows(vec![1, 2, 3], 2, |n| *n);
        assert_eq!(p.items, vec![1, 2]);
        assert_eq!(
            Cursor::decode::<i32>(p.next_cursor.as_deref().unwrap()).unwrap(),
            2
        );
        let p = Page::from_rows(vec![1, 2], 2, |n| *n);
        assert!(p.next_cursor.is_none());
    }
}
