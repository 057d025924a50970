//! Per person and per kind: whether it comes by e-mail (the in-app list always has it).
//! Every kind is on until turned off; only the turned-off kinds are stored. Security kinds
//! cannot be turned off.

use openlance_core::id::UserId;
use openlance_core::{DomainError, FieldError, Result};
use openlance_storage::{Row, Tx};

use crate::Notifications;
use crate::kinds::{self, Kind};

/// One kind's e-mail setting for one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preference {
    pub kind: &'static Kind,
    pub email: bool,
}

impl Notifications {
    /// Every kind with whether `user` gets it by e-mail.
    pub async fn preferences(&self, user: UserId) -> Result<Vec<Preference>> {
        let rows = sqlx::query("SELECT kind FROM email_opt_outs WHERE user_id = $1")
            .bind(user.to_string())
            .fetch_all(self.db.reader())
            .await?;
        let off = rows
            .iter()
            .map(|r| r.try_get::<String, _>("kind"))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        Ok(kinds::ALL
            .iter()
            .map(|&kind| Preference {
                kind,
                email: !off.iter().any(|name| name == kind.name),
            })
            .collect())
    }

    /// Sets the e-mail setting of the named kinds (the others keep theirs), all or none:
    /// an unknown kind is a 400, turning a security kind off a 422.
    pub async fn set_email_preferences(
        &self,
        user: UserId,
        changes: &[(String, bool)],
    ) -> Result<Vec<Preference>> {
        let mut parsed = Vec::with_capacity(changes.len());
        let mut unknown = Vec::new();
        for (i, (name, email)) in changes.iter().enumerate() {
            match kinds::find(name) {
                Some(kind) if kind.security && !email => {
                    return Err(DomainError::unprocessable(
                        "security_notification",
                        format!("'{name}' is a security message: it is always e-mailed"),
                    ));
                }
                Some(kind) => parsed.push((kind, *email)),
                None => unknown.push(FieldError {
                    field: format!("preferences[{i}].kind"),
                    message: format!("'{name}' is not a kind of notification"),
                }),
            }
        }
        if !unknown.is_empty() {
            return Err(DomainError::Validation(unknown));
        }
        self.set_email(user, &parsed).await?;
        self.preferences(user).await
    }

    pub(crate) async fn set_email(&self, user: UserId, changes: &[(&Kind, bool)]) -> Result<()> {
        let (user, now) = (user.to_string(), self.now_micros());
        let mut tx = self.db.begin().await?;
        for (kind, email) in changes {
            let change = if *email {
                sqlx::query("DELETE FROM email_opt_outs WHERE user_id = $1 AND kind = $2")
                    .bind(&user)
                    .bind(kind.name)
            } else {
                sqlx::query(
                    "INSERT INTO email_opt_outs (user_id, kind, created_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (user_id, kind) DO NOTHING",
                )
                .bind(&user)
                .bind(kind.name)
                .bind(now)
            };
            change.execute(tx.conn()).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// Whether `user` turned e-mail of `kind` off (security kinds are never off).
pub(crate) async fn emails_off(tx: &mut Tx, user: UserId, kind: &Kind) -> Result<bool> {
    if kind.security {
        return Ok(false);
    }
    let row = sqlx::query("SELECT 1 AS off FROM email_opt_outs WHERE user_id = $1 AND kind = $2")
        .bind(user.to_string())
        .bind(kind.name)
        .fetch_optional(tx.conn())
        .await?;
    Ok(row.is_some())
}
