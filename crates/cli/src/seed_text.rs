//! Generated text for the seeded marketplace: job and service titles and descriptions,
//! profile headlines and bios, assembled from sentence templates and the vocabulary in
//! `seed_words`. Each piece is written straight into one `String`, so a job costs a
//! couple of allocations and a few microseconds.

use rand::Rng;
use rand::rngs::SmallRng;

use crate::seed_words::{ADJECTIVES, ASSETS, FIXES, ORGS, Topic};

pub fn pick<T: Copy>(rng: &mut SmallRng, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

pub fn pick_topic(rng: &mut SmallRng, topics: &'static [Topic]) -> &'static Topic {
    &topics[rng.random_range(0..topics.len())]
}

/// "a" or "an" before `word`; nothing before a plural ("product photos") or an activity
/// ("pet sitting"), which take no article.
fn article(word: &str) -> &'static str {
    match word.as_bytes().first() {
        Some(b'a' | b'e' | b'i' | b'o' | b'u' | b'A' | b'E' | b'I' | b'O' | b'U') => "an",
        _ => "a",
    }
}

/// Whether the phrase ending in `last` takes no article.
fn uncountable(last: &str) -> bool {
    (last.ends_with('s') && !last.ends_with("ss")) || last.ends_with("ing")
}

/// Appends `word` with its first letter in upper case.
fn push_capitalised(out: &mut String, word: &str) {
    let mut chars = word.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
    }
}

/// Appends "a thing" / "an adj thing" / "adj things".
fn push_a(out: &mut String, words: &[&str]) {
    let last = words.last().copied().unwrap_or("");
    if !uncountable(last) {
        out.push_str(article(words.first().copied().unwrap_or("")));
        out.push(' ');
    }
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w);
    }
}

/// Up to `n` distinct items of `items`, in random order.
pub fn distinct<'a>(rng: &mut SmallRng, items: &[&'a str], n: usize) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::with_capacity(n);
    let n = n.min(items.len());
    while out.len() < n {
        let item = pick(rng, items);
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// A job title of five to nine words, asking for `thing`.
pub fn job_title(rng: &mut SmallRng, topic: &Topic, thing: &str) -> String {
    let mut t = String::with_capacity(64);
    let adj = pick(rng, ADJECTIVES);
    match rng.random_range(0..4) {
        0 => {
            push_capitalised(&mut t, pick(rng, topic.verbs));
            t.push(' ');
            push_a(&mut t, &[adj, thing]);
            t.push_str(" for ");
            t.push_str(pick(rng, ORGS));
        }
        1 => {
            t.push_str(pick(rng, topic.skills));
            t.push_str(" expert to ");
            t.push_str(pick(rng, topic.verbs));
            t.push_str(" our ");
            t.push_str(thing);
        }
        2 => {
            t.push_str("Need ");
            push_a(&mut t, &[adj, thing]);
            t.push_str(" for ");
            t.push_str(pick(rng, ORGS));
        }
        _ => {
            push_capitalised(&mut t, adj);
            t.push(' ');
            t.push_str(thing);
            t.push_str(" with ");
            t.push_str(pick(rng, topic.skills));
            t.push_str(" for ");
            t.push_str(pick(rng, ORGS));
        }
    }
    t
}

/// A job description of about thirty to sixty words: an introduction, three of the
/// body sentences, a closing line.
pub fn job_description(rng: &mut SmallRng, topic: &Topic, thing: &str) -> String {
    let mut d = String::with_capacity(400);
    match rng.random_range(0..3) {
        0 => {
            d.push_str("We are ");
            d.push_str(pick(rng, ORGS));
            d.push_str(" looking for ");
            push_a(&mut d, &[topic.role]);
            d.push_str(" to ");
            d.push_str(pick(rng, topic.verbs));
            d.push(' ');
            push_a(&mut d, &[pick(rng, ADJECTIVES), thing]);
            d.push('.');
        }
        1 => {
            d.push_str("I run ");
            d.push_str(pick(rng, ORGS));
            d.push_str(" and need help with ");
            push_a(&mut d, &[thing]);
            d.push_str(" built on ");
            d.push_str(pick(rng, topic.skills));
            d.push('.');
        }
        _ => {
            d.push_str("Looking for an experienced ");
            d.push_str(topic.role);
            d.push_str(" to ");
            d.push_str(pick(rng, topic.verbs));
            d.push_str(" our ");
            d.push_str(thing);
            d.push_str(" before the end of the ");
            d.push_str(pick(rng, &["month", "quarter", "summer", "year"]));
            d.push('.');
        }
    }
    let mut used = [usize::MAX; 3];
    for slot in 0..3 {
        let mut sentence = rng.random_range(0..8);
        while used.contains(&sentence) {
            sentence = (sentence + 1) % 8;
        }
        used[slot] = sentence;
        d.push(' ');
        body_sentence(rng, topic, sentence, &mut d);
    }
    d.push(' ');
    d.push_str(pick(
        rng,
        &[
            "Tell us how you would approach it and what you would charge.",
            "Send a short proposal with your timeline and any questions.",
            "Thanks for reading, we look forward to your ideas.",
            "Happy to jump on a call to explain more.",
        ],
    ));
    d
}

fn body_sentence(rng: &mut SmallRng, topic: &Topic, which: usize, d: &mut String) {
    match which {
        0 => {
            let tasks = distinct(rng, topic.tasks, 3);
            d.push_str("The work includes: ");
            d.push_str(tasks.first().copied().unwrap_or("planning"));
            d.push_str(", ");
            d.push_str(tasks.get(1).copied().unwrap_or("building"));
            d.push_str(" and ");
            d.push_str(tasks.get(2).copied().unwrap_or("testing"));
            d.push('.');
        }
        1 => {
            d.push_str("The current ");
            d.push_str(pick(rng, topic.things));
            d.push_str(" was made with ");
            d.push_str(pick(rng, topic.skills));
            d.push_str(" and needs a careful ");
            d.push_str(pick(rng, FIXES));
            d.push('.');
        }
        2 => {
            let skills = distinct(rng, topic.skills, 2);
            d.push_str("You should know ");
            d.push_str(skills.first().copied().unwrap_or("the tools"));
            d.push_str(" well; experience with ");
            d.push_str(skills.get(1).copied().unwrap_or("similar work"));
            d.push_str(" is a plus.");
        }
        3 => {
            let assets = distinct(rng, ASSETS, 2);
            d.push_str("We already have ");
            d.push_str(assets.first().copied().unwrap_or("a plan"));
            d.push_str(" and ");
            d.push_str(assets.get(1).copied().unwrap_or("a budget"));
            d.push('.');
        }
        4 => {
            d.push_str("The first milestone is to ");
            d.push_str(pick(rng, topic.tasks));
            d.push_str(" within ");
            d.push_str(pick(rng, &["two", "three", "four", "six"]));
            d.push_str(" weeks.");
        }
        5 => {
            d.push_str("Please share links to similar ");
            d.push_str(pick(rng, topic.things));
            d.push_str(" projects you have finished.");
        }
        6 => d.push_str("Clear communication and regular updates matter more to us than speed."),
        _ => {
            d.push_str("This could turn into ongoing work, including ");
            push_a(d, &[pick(rng, topic.things)]);
            d.push_str(" later this year.");
        }
    }
}

/// A service title, as sellers write them.
pub fn service_title(rng: &mut SmallRng, topic: &Topic) -> String {
    let mut t = String::with_capacity(64);
    let thing = pick(rng, topic.things);
    match rng.random_range(0..3) {
        0 => {
            t.push_str("I will ");
            t.push_str(pick(rng, topic.verbs));
            t.push_str(" your ");
            t.push_str(thing);
        }
        1 => {
            push_capitalised(&mut t, thing);
            t.push_str(" by ");
            push_a(&mut t, &[pick(rng, ADJECTIVES), topic.role]);
        }
        _ => {
            push_capitalised(&mut t, pick(rng, ADJECTIVES));
            t.push(' ');
            t.push_str(thing);
            t.push_str(" with ");
            t.push_str(pick(rng, topic.skills));
        }
    }
    t
}

/// A service description: who the seller is and what an order includes.
pub fn service_description(rng: &mut SmallRng, topic: &Topic, city: &str) -> String {
    let mut d = String::with_capacity(400);
    d.push_str("Hi, I am ");
    push_a(&mut d, &[topic.role]);
    d.push_str(" based in ");
    d.push_str(city);
    d.push_str(" with ");
    d.push_str(pick(
        rng,
        &["two", "three", "five", "eight", "ten", "twelve"],
    ));
    d.push_str(" years of experience. ");
    let tasks = distinct(rng, topic.tasks, 2);
    d.push_str("Every order includes a short call, then I ");
    d.push_str(tasks.first().copied().unwrap_or("do the work"));
    d.push_str(" and ");
    d.push_str(tasks.get(1).copied().unwrap_or("check it with you"));
    d.push_str(". I work with ");
    d.push_str(pick(rng, topic.skills));
    d.push_str(" and keep you updated at every step. ");
    d.push_str(pick(
        rng,
        &[
            "Message me before ordering if you are unsure what you need.",
            "Revisions are included until you are happy.",
            "Rush delivery is possible on request.",
        ],
    ));
    d
}

/// A profile headline: "Reliable web developer: React and Node.js".
pub fn headline(rng: &mut SmallRng, topic: &Topic, skills: &[&str]) -> String {
    let mut h = String::with_capacity(64);
    push_capitalised(&mut h, pick(rng, ADJECTIVES));
    h.push(' ');
    h.push_str(topic.role);
    if let [first, second, ..] = skills {
        h.push_str(": ");
        h.push_str(first);
        h.push_str(" and ");
        h.push_str(second);
    }
    h
}

/// A profile bio of two sentences.
pub fn bio(rng: &mut SmallRng, topic: &Topic, city: &str) -> String {
    let mut b = String::with_capacity(200);
    b.push_str("I have worked as ");
    push_a(&mut b, &[topic.role]);
    b.push_str(" for ");
    b.push_str(pick(rng, ORGS));
    b.push_str(" and many others; I like to ");
    b.push_str(pick(rng, topic.tasks));
    b.push_str(". I answer messages within a day and work from ");
    b.push_str(city);
    b.push('.');
    b
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;
    use crate::seed_words::{JOB_TOPICS, SERVICE_TOPICS};

    #[test]
    fn titles_and_descriptions_have_realistic_lengths() {
        let mut rng = SmallRng::seed_from_u64(7);
        for _ in 0..2_000 {
            let topic = pick_topic(&mut rng, JOB_TOPICS);
            let thing = pick(&mut rng, topic.things);
            let title = job_title(&mut rng, topic, thing);
            let words = title.split_whitespace().count();
            // Mostly five to nine; a long skill and organisation make a few longer.
            assert!((4..=13).contains(&words), "{title}");
            let description = job_description(&mut rng, topic, thing);
            let words = description.split_whitespace().count();
            assert!((30..=75).contains(&words), "{words}: {description}");
        }
        for topic in SERVICE_TOPICS {
            assert!(!service_title(&mut rng, topic).is_empty());
        }
    }

    #[test]
    fn articles_agree() {
        assert_eq!(article("online store"), "an");
        assert_eq!(article("logo"), "a");
        let mut s = String::new();
        push_a(&mut s, &["new", "product photos"]);
        assert_eq!(s, "new product photos");
    }
}
