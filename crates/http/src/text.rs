//! Text the edge refuses: a NUL character (U+0000) in a JSON string, a query value or a
//! path parameter. SQLite would store it and PostgreSQL refuses it with an error, so the
//! same request must not be a 201 on one engine and a 500 on the other: it is a 400 on
//! both, before anything is written.

use serde_json::Value;

/// The message every refused NUL carries.
pub(crate) const NUL_MESSAGE: &str = "must not contain a NUL character (U+0000)";

/// The field path (`milestones[0].description`) of the first string or object key in a
/// JSON body that holds a NUL character, if any. A raw NUL byte is already invalid JSON,
/// so only the `\u0000` escape can smuggle one in; bodies without it are not walked.
pub(crate) fn nul_in_json(body: &[u8]) -> Option<String> {
    if !body.windows(6).any(|w| w == b"\\u0000") {
        return None;
    }
    let value: Value = serde_json::from_slice(body).ok()?;
    nul_path(&value, String::new())
}

fn nul_path(value: &Value, path: String) -> Option<String> {
    match value {
        Value::String(s) => s.contains('\0').then(|| or_body(path)),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| nul_path(item, format!("{path}[{i}]"))),
        Value::Object(map) => map.iter().find_map(|(key, item)| {
            let field = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            if key.contains('\0') {
                return Some(or_body(path.clone()));
            }
            nul_path(item, field)
        }),
        Value::Null | Value::Bool(_) | Value::Number(_) => None,
    }
}

fn or_body(path: String) -> String {
    if path.is_empty() {
        "body".to_string()
    } else {
        path
    }
}

/// The name of the first query parameter whose name or value decodes to a NUL character
/// (`%00`), if any.
pub(crate) fn nul_in_query(query: &str) -> Option<String> {
    query
        .split('&')
        .find(|pair| pair.contains("%00"))
        .map(|pair| {
            let name = pair.split_once('=').map_or(pair, |(name, _)| name);
            if name.contains("%00") || name.is_empty() {
                "query".to_string()
            } else {
                name.to_string()
            }
        })
}

/// Whether a request path has a segment that decodes to a NUL character.
pub(crate) fn nul_in_path(path: &str) -> bool {
    path.contains("%00")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nul_anywhere_in_a_json_document_is_found_with_its_path() {
        assert_eq!(nul_in_json(br#"{"name":"Ann"}"#), None);
        assert_eq!(
            nul_in_json(br#"{"name":"A\u0000nn"}"#).as_deref(),
            Some("name")
        );
        assert_eq!(
            nul_in_json(br#"{"milestones":[{"amount":1},{"description":"x\u0000"}]}"#).as_deref(),
            Some("milestones[1].description")
        );
        assert_eq!(nul_in_json(br#""\u0000""#).as_deref(), Some("body"));
        assert_eq!(
            nul_in_json(br#"{"a":{"k\u0000":1}}"#).as_deref(),
            Some("a"),
            "a NUL in a key names the object holding it"
        );
        assert_eq!(
            nul_in_json(br#"{"note":"a backslash then u0000: \\u0000"}"#),
            None,
            "an escaped backslash is not a NUL"
        );
    }

    #[test]
    fn a_nul_in_a_query_names_its_parameter() {
        assert_eq!(nul_in_query("limit=3&cursor=abc"), None);
        assert_eq!(
            nul_in_query("limit=3&cursor=a%00b").as_deref(),
            Some("cursor")
        );
        assert_eq!(nul_in_query("%00=1").as_deref(), Some("query"));
        assert_eq!(nul_in_query("q=%2500"), None, "an encoded percent sign");
        assert!(nul_in_path("/api/v1/users/a%00b"));
        assert!(!nul_in_path("/api/v1/users/abc"));
    }
}
