//! Composing one e-mail at send time: the recipient's current address and name, the
//! account link minted now (for verification and reset), absolute links under the public
//! URL, the unsubscribe link for kinds that can be turned off, both parts rendered.

use super::Claimed;
use crate::Notifications;
use crate::email::{Email, Letter, render};

/// The page where a person chooses which e-mails they get.
const PREFERENCES_PAGE: &str = "/notifications/preferences";

impl Notifications {
    /// The e-mail for a claimed row; `None` when there is nobody to write to any more.
    pub(crate) async fn compose(&self, c: &Claimed) -> Result<Option<Email>, String> {
        let Some(contact) = self.recipients.contact(c.user).await? else {
            return Ok(None);
        };
        let base = self.config.base_url();
        let mut action_url = format!("{base}{}", c.content.link);
        let mut extra = Vec::new();
        if let Some(request) = &c.content.account_link {
            let Some(link) = self.links.issue_link(request).await? else {
                return Ok(None);
            };
            action_url = link.url;
            extra.push(format!(
                "Or enter this code where you are asked for it: {}",
                link.token
            ));
            extra.push(format!(
                "The link expires at {} UTC.",
                link.expires_at.format("%Y-%m-%d %H:%M")
            ));
        }
        let unsubscribe_url = if c.kind.security {
            None
        } else {
            Some(
                self.unsubscribe_url(c.user, c.kind)
                    .map_err(|e| e.to_string())?,
            )
        };
        let letter = Letter {
            marketplace: self.config.marketplace_name.clone(),
            public_url: base.to_string(),
            name: contact.name,
            title: c.content.title.clone(),
            body: c.content.body.clone(),
            extra,
            action: c.content.action.clone(),
            action_url,
            preferences_url: format!("{base}{PREFERENCES_PAGE}"),
            unsubscribe_url: unsubscribe_url.clone(),
        };
        let (text, html) = render(&letter)?;
        Ok(Some(Email {
            from: self.config.mail_from.clone(),
            to: contact.email,
            subject: c.content.title.clone(),
            text,
            html: Some(html),
            message_id: Some(c.message_id.clone()),
            list_unsubscribe: unsubscribe_url,
        }))
    }
}
