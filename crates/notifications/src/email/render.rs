//! Rendering a notice into an e-mail's plain-text and HTML parts with askama templates
//! (`templates/email.txt`, `templates/email.html`; HTML-escaped in the HTML part). One
//! layout serves every kind: the table supplies the title, the sentence and the link.

use askama::Template;

/// Everything one e-mail says, with absolute links.
#[derive(Debug, Clone)]
pub(crate) struct Letter {
    pub marketplace: String,
    pub public_url: String,
    /// The recipient's name, for the greeting.
    pub name: String,
    pub title: String,
    pub body: String,
    /// Paragraphs after the body (a reset code and its expiry).
    pub extra: Vec<String>,
    pub action: String,
    pub action_url: String,
    pub preferences_url: String,
    /// `None` for security messages, which cannot be turned off.
    pub unsubscribe_url: Option<String>,
}

#[derive(Template)]
#[template(path = "email.txt")]
struct TextPart<'a> {
    l: &'a Letter,
}

#[derive(Template)]
#[template(path = "email.html")]
struct HtmlPart<'a> {
    l: &'a Letter,
}

/// The plain-text and HTML parts of `letter`.
pub(crate) fn render(letter: &Letter) -> Result<(String, String), String> {
    let text = TextPart { l: letter }
        .render()
        .map_err(|e| format!("text template: {e}"))?;
    let html = HtmlPart { l: letter }
        .render()
        .map_err(|e| format!("HTML template: {e}"))?;
    Ok((text, html))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letter(unsubscribe: Option<&str>) -> Letter {
        Letter {
            marketplace: "Openlance".into(),
            public_url: "https://market.example".into(),
            name: "Ada <script>".into(),
            title: "A milestone is ready for your review".into(),
            body: "The freelancer submitted a milestone.".into(),
            extra: vec!["Or type the code ABC.".into()],
            action: "Review the milestone".into(),
            action_url: "https://market.example/contracts/c1/milestones/m1".into(),
            preferences_url: "https://market.example/notifications/preferences".into(),
            unsubscribe_url: unsubscribe.map(String::from),
        }
    }

    #[test]
    fn both_parts_carry_the_text_and_the_link_and_html_is_escaped() {
        let (text, html) = render(&letter(Some("https://market.example/u?token=t"))).unwrap();
        for part in [&text, &html] {
            assert!(part.contains("https://market.example/contracts/c1/milestones/m1"));
            assert!(part.contains("The freelancer submitted a milestone."));
            assert!(part.contains("Or type the code ABC."));
            assert!(part.contains("Stop e-mails like this one"));
        }
        assert!(
            text.starts_with("Hi Ada <script>,\n\nThe freelancer"),
            "{text}"
        );
        assert!(
            html.contains("Hi Ada &#60;script&#62;") || html.contains("Hi Ada &lt;script&gt;"),
            "{html}"
        );
        assert!(!html.contains("<script>"));
    }

    #[test]
    fn a_security_message_says_it_is_always_sent() {
        let (text, html) = render(&letter(None)).unwrap();
        for part in [&text, &html] {
            assert!(part.contains("security message"));
            assert!(!part.contains("Stop e-mails"));
        }
    }
}
