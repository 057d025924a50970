//! Skills and languages as WorkUp edits them: one label added or removed at a time.

use openlance_core::id::UserId;
use openlance_core::{DomainError, Result};

use crate::profiles::profile::{check_label, normalize_labels};
use crate::profiles::profile_store;
use crate::{Accounts, user};

/// Which list of labels on a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelList {
    Skills,
    Languages,
}

impl LabelList {
    /// The JSON field a client sends the label in.
    pub fn field(self) -> &'static str {
        match self {
            Self::Skills => "skill",
            Self::Languages => "language",
        }
    }
}

/// Most labels per list.
const MAX_LABELS: usize = 50;

impl Accounts {
    /// The labels of one list on a user's profile.
    pub async fn labels(&self, id: UserId, list: LabelList) -> Result<Vec<String>> {
        let mut conn = self.db.reader().acquire().await?;
        user::live(&mut conn, id).await?;
        let d = profile_store::load(&mut conn, id).await?;
        Ok(match list {
            LabelList::Skills => d.skills,
            LabelList::Languages => d.languages,
        })
    }

    /// Adds a label (a case-insensitive duplicate is ignored); returns the new list.
    pub async fn add_label(&self, id: UserId, list: LabelList, label: &str) -> Result<Vec<String>> {
        check_label(label, list.field())?;
        self.edit_labels(id, list, |labels| {
            if labels.len() >= MAX_LABELS {
                return Err(DomainError::unprocessable(
                    "too_many_labels",
                    format!("a profile holds at most {MAX_LABELS} entries per list"),
                ));
            }
            labels.push(label.trim().to_string());
            *labels = normalize_labels(labels);
            Ok(())
        })
        .await
    }

    /// Removes a label (compared case-insensitively); a label not on the list is a 404.
    pub async fn remove_label(
        &self,
        id: UserId,
        list: LabelList,
        label: &str,
    ) -> Result<Vec<String>> {
        check_label(label, list.field())?;
        self.edit_labels(id, list, |labels| {
            let before = labels.len();
            labels.retain(|l| !l.eq_ignore_ascii_case(label.trim()));
            if labels.len() == before {
                return Err(DomainError::NotFound("entry"));
            }
            Ok(())
        })
        .await
    }

    async fn edit_labels(
        &self,
        id: UserId,
        list: LabelList,
        edit: impl FnOnce(&mut Vec<String>) -> Result<()>,
    ) -> Result<Vec<String>> {
        let now = self.clock.now();
        let mut tx = self.db.begin().await?;
        user::live(tx.conn(), id).await?;
        let mut d = profile_store::load(tx.conn(), id).await?;
        let labels = match list {
            LabelList::Skills => &mut d.skills,
            LabelList::Languages => &mut d.languages,
        };
        edit(labels)?;
        let out = labels.clone();
        profile_store::save(tx.conn(), id, &d, now).await?;
        tx.commit().await?;
        Ok(out)
    }
}
