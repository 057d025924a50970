//! Sessions: what a client receives after registering, logging in or refreshing — the
//! user, a short-lived access token and a rotating refresh token.

use openlance_core::id::UserId;
use openlance_core::{DomainError, Event, Result};
use openlance_storage::Tx;
use serde::Serialize;

use crate::auth::refresh::{self, Presented};
use crate::auth::token::{self, Claims};
use crate::events::RefreshTokenReplayed;
use crate::user::{self, User};
use crate::{Accounts, Principal};

/// Tokens for a signed-in user.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    pub user: User,
    /// JWT (HS256) to send as `Authorization: Bearer <token>`.
    pub access_token: String,
    /// Opaque token for `POST /api/v1/auth/refresh`; single use, rotated every time.
    pub refresh_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
}

impl Accounts {
    /// Signs an access token for the user as of now.
    pub(crate) fn access_token(&self, user: &User) -> Result<String> {
        let now = self.clock.now();
        let claims = Claims {
            sub: user.id,
            roles: user.roles.clone(),
            iat: now.timestamp(),
            exp: (now + self.config.access_token_ttl).timestamp(),
        };
        token::sign(&self.config.token_secret, &claims)
    }

    /// Issues tokens for `user` in `tx`, continuing `family` or starting a new one.
    pub(crate) async fn issue_session(
        &self,
        tx: &mut Tx,
        user: User,
        family: Option<String>,
    ) -> Result<Session> {
        let family = family.unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
        let refresh_token = refresh::issue(
            tx.conn(),
            user.id,
            &family,
            self.clock.now(),
            self.config.refresh_token_ttl,
        )
        .await?;
        Ok(Session {
            access_token: self.access_token(&user)?,
            refresh_token,
            token_type: "Bearer".into(),
            expires_in: self.config.access_token_ttl.num_seconds(),
            user,
        })
    }

    /// Who is calling: verifies a bearer access token (algorithm, signature, expiry).
    ///
    /// The check is stateless (no database read), which keeps every authenticated
    /// request cheap. Consequence, by design: after an account is deleted or its password
    /// reset, access tokens already issued stay valid until they expire (15 minutes by
    /// default) on other instances; refresh tokens are revoked at once, so no new access
    /// token can be obtained. This instance also refuses tokens of users it deleted, and
    /// every handler that loads the caller's account treats a deleted one as gone.
    pub fn authenticate(&self, bearer: &str) -> Result<Principal> {
        let claims = token::verify(&self.config.token_secret, bearer, self.clock.now())?;
        if self.is_locally_revoked(claims.sub) {
            return Err(DomainError::Unauthenticated(
                "this account no longer exists".into(),
            ));
        }
        Ok(Principal {
            user_id: claims.sub,
            roles: claims.roles,
        })
    }

    /// Exchanges a refresh token for a new session (rotation). Replaying a used token
    /// revokes its whole family. Serialised with logout and password reset on the account
    /// (`user::lock`), so a refresh racing them cannot leave a live token behind.
    pub async fn refresh(&self, raw: &str) -> Result<Session> {
        let now = self.clock.now();
        let mut tx = self.db.begin().await?;
        let Some(owner) = refresh::owner(tx.conn(), raw).await? else {
            return Err(invalid_refresh());
        };
        user::lock(&mut tx, owner).await?;
        match refresh::consume(tx.conn(), raw, now).await? {
            Presented::Rotated { user_id, family } => {
                let stored = user::find_by_id(tx.conn(), user_id).await?;
                let Some(stored) = stored.filter(|u| !u.deleted) else {
                    return Err(invalid_refresh());
                };
                let session = self
                    .issue_session(&mut tx, stored.user, Some(family))
                    .await?;
                tx.commit().await?;
                Ok(session)
            }
            Presented::Replayed { user_id, family } => {
                let replayed = RefreshTokenReplayed {
                    user_id,
                    family_id: family,
                };
                openlance_bus::outbox::append(&mut tx, &Event::of(&replayed, now)).await?;
                tx.commit().await?;
                tracing::warn!("refresh token replayed; its family was revoked");
                Err(DomainError::Unauthenticated(
                    "this refresh token was already used; sign in again".into(),
                ))
            }
            Presented::Invalid => Err(invalid_refresh()),
        }
    }

    /// Logs out: revokes the refresh token's family. Unknown tokens are accepted silently.
    /// Serialised with refresh on the account, so a racing refresh's new token is revoked
    /// too.
    pub async fn logout(&self, raw: &str) -> Result<()> {
        let mut tx = self.db.begin().await?;
        let Some(owner) = refresh::owner(tx.conn(), raw).await? else {
            return Ok(());
        };
        user::lock(&mut tx, owner).await?;
        refresh::revoke_by_token(tx.conn(), raw, self.clock.now()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The caller's own account.
    pub async fn me(&self, id: UserId) -> Result<User> {
        let mut conn = self.db.reader().acquire().await?;
        Ok(user::live(&mut conn, id).await?.user)
    }
}

fn invalid_refresh() -> DomainError {
    DomainError::Unauthenticated("the refresh token is not valid or has expired".into())
}
