//! The user directory for admins: every account, newest first, optionally only those
//! whose e-mail or name contains a piece of text. Only admins may read it.

use openlance_core::cursor::{Cursor, Page};
use openlance_core::{DomainError, Result, page_limit};

use crate::user::{COLUMNS, from_row};
use crate::{Accounts, Principal, User};

/// `%`, `_` and `\` in the searched text match themselves.
fn like_pattern(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + 2);
    escaped.push('%');
    for c in text.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped.push('%');
    escaped
}

impl Accounts {
    /// A page of accounts for an admin (`forbidden` for anyone else), newest first;
    /// `contains` keeps those whose e-mail or name contains it (case-insensitive).
    /// Deleted accounts are listed too, under their anonymised name.
    pub async fn users_for_admin(
        &self,
        caller: &Principal,
        contains: Option<&str>,
        cursor: Option<&str>,
        limit: Option<i64>,
    ) -> Result<Page<User>> {
        if !caller.is_admin() {
            return Err(DomainError::Forbidden(
                "only admins see the user directory".into(),
            ));
        }
        let limit = page_limit(limit)?;
        let before: String = cursor.map(Cursor::decode).transpose()?.unwrap_or_default();
        let pattern = contains
            .filter(|t| !t.trim().is_empty())
            .map(like_pattern)
            .unwrap_or_default();
        let sql = format!(
            "SELECT {COLUMNS} FROM users \
             WHERE ($1 = '' OR id < $1) \
             AND ($2 = '' OR LOWER(COALESCE(email, '')) LIKE $2 ESCAPE '\\' \
                  OR LOWER(display_name) LIKE $2 ESCAPE '\\') \
             ORDER BY id DESC LIMIT $3"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(before)
            .bind(pattern)
            .bind(limit as i64 + 1)
            .fetch_all(self.db.reader())
            .await?;
        let users = rows
            .iter()
            .map(|r| from_row(r).map(|s| s.user))
            .collect::<Result<Vec<_>>>()?;
        Ok(Page::from_rows(users, limit, |u| u.id.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::like_pattern;

    #[test]
    fn wildcards_in_the_text_match_themselves() {
        assert_eq!(like_pattern(" Ada_L%\\ "), "%ada\\_l\\%\\\\%");
    }
}
