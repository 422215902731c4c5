//! How an error reads in a report. Each layer's errors are typed enums whose
//! `Display` is one sentence and whose `source()` is the cause; a report
//! shows the sentence and then each cause, joined with ": ".

/// `e`'s sentence, then each cause in its `source()` chain, joined with
/// ": ". A cause whose text an earlier part already holds is not repeated
/// (some libraries quote their source in their own text).
pub fn sentence(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut cause = e.source();
    while let Some(c) = cause {
        let text = c.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        cause = c.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("ARM could not be reached")]
    struct Outer(#[source] Inner);

    #[derive(Debug, thiserror::Error)]
    #[error("the connection was refused")]
    struct Inner;

    #[derive(Debug, thiserror::Error)]
    #[error("the connection was refused (os error 111)")]
    struct Quoting(#[source] Inner);

    #[test]
    fn the_sentence_then_each_new_cause() {
        assert_eq!(
            sentence(&Outer(Inner)),
            "ARM could not be reached: the connection was refused"
        );
        assert_eq!(
            sentence(&Quoting(Inner)),
            "the connection was refused (os error 111)"
        );
    }
}
