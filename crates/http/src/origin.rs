//! Cross-site request forgery defence for cookie-authenticated requests. A browser sends
//! the `openlance_session` cookie with any request to this site, even one a form on
//! another site submits; a bearer token it never sends by itself. So a state-changing
//! request authenticated by the cookie must come from one of our own pages: the browser's
//! `Sec-Fetch-Site` says so, or failing that its `Origin` names this host. A request with
//! neither header is refused too (browsers send at least one on every POST; scripts
//! should use a bearer token).

use axum::http::{HeaderMap, Method, header};

/// Whether a request may change state on the strength of a cookie: safe methods always,
/// others only from this site.
pub fn same_site_request(method: &Method, headers: &HeaderMap) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        // `none`: the user typed the address or used a bookmark, no page started it.
        return matches!(site, "same-origin" | "none");
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .is_some_and(|origin_host| origin_host.eq_ignore_ascii_case(host))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (name, value) in pairs {
            h.insert(*name, value.parse().unwrap());
        }
        h
    }

    #[test]
    fn only_this_sites_pages_may_post_with_the_cookie() {
        let post = Method::POST;
        assert!(same_site_request(&Method::GET, &headers(&[])));
        assert!(!same_site_request(&post, &headers(&[])), "no evidence");
        assert!(same_site_request(
            &post,
            &headers(&[("sec-fetch-site", "same-origin")])
        ));
        assert!(!same_site_request(
            &post,
            &headers(&[("sec-fetch-site", "cross-site")])
        ));
        assert!(!same_site_request(
            &post,
            &headers(&[("sec-fetch-site", "same-site")])
        ));
        let ours = [
            ("host", "127.0.0.1:8080"),
            ("origin", "http://127.0.0.1:8080"),
        ];
        assert!(same_site_request(&post, &headers(&ours)));
        let theirs = [
            ("host", "127.0.0.1:8080"),
            ("origin", "https://evil.example"),
        ];
        assert!(!same_site_request(&post, &headers(&theirs)));
        assert!(!same_site_request(
            &post,
            &headers(&[("origin", "null"), ("host", "a")])
        ));
    }
}
