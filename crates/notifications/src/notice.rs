//! A notice: what one person is told about one event, as the table produces it. Its
//! [`Content`] becomes the in-app notification and is stored with the e-mail until the
//! e-mail is sent; it never holds a secret (a reset link is only named, by its request).

use openlance_core::id::UserId;
use serde::{Deserialize, Serialize};

use crate::kinds::Kind;

#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub recipient: UserId,
    pub kind: &'static Kind,
    pub content: Content,
}

/// What a notice says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Content {
    /// One line: the in-app title and the e-mail's subject.
    pub title: String,
    /// A sentence or two.
    pub body: String,
    /// The path of the object on the marketplace's site (`/contracts/…`); the e-mail links
    /// to it under the public URL.
    pub link: String,
    /// The label of the e-mail's button.
    pub action: String,
    /// A verification or reset request whose link is minted when the e-mail is sent
    /// (the link replaces `link`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_link: Option<String>,
}

impl Notice {
    /// A notice of `kind` for `recipient`, titled `title`.
    pub fn to(recipient: UserId, kind: &'static Kind, title: impl Into<String>) -> Self {
        Self {
            recipient,
            kind,
            content: Content {
                title: title.into(),
                body: String::new(),
                link: "/".into(),
                action: "Open the marketplace".into(),
                account_link: None,
            },
        }
    }

    pub fn body(mut self, body: impl Into<String>) -> Self {
        self.content.body = body.into();
        self
    }

    /// Where the notice points (a path on the site) and the e-mail button's label.
    pub fn link(mut self, path: impl Into<String>, action: impl Into<String>) -> Self {
        self.content.link = path.into();
        self.content.action = action.into();
        self
    }

    /// The e-mail carries the link of this verification or reset request, minted at send
    /// time.
    pub fn account_link(mut self, request_id: impl Into<String>) -> Self {
        self.content.account_link = Some(request_id.into());
        self
    }
}
