//! Version numbers as tools print them (`17.03.0-ce`, `v3.14.2+g1234`,
//! `SemVer:"v2.10.0"`, `2.11`): find the first `\d+(\.\d+){1,2}` by hand,
//! then compare as semver. The semver crate alone rejects most of these.

use semver::Version;

/// A version found in a tool's output: the digits as printed, and their value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found<'a> {
    /// The matched text, e.g. `2.11` or `17.03.0`.
    pub text: &'a str,
    /// The value, padded to three parts: `2.11` → `2.11.0`.
    pub version: Version,
}

/// The first `\d+(\.\d+){1,2}` in `text`. A lone number (`go1`, `v3`) does
/// not count: at least `major.minor` is needed.
pub fn find(text: &str) -> Option<Found<'_>> {
    let bytes = text.as_bytes();
    let digits_from = |i: usize| {
        let mut j = i;
        while j < bytes.len() && bytes[j].is_ascii_digit() {
            j += 1;
        }
        j
    };
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        let mut parts = vec![(start, digits_from(start))];
        let mut end = parts[0].1;
        while parts.len() < 3 && end + 1 < bytes.len() && bytes[end] == b'.' {
            let next = digits_from(end + 1);
            if next == end + 1 {
                break; // a dot not followed by digits ends the number
            }
            parts.push((end + 1, next));
            end = next;
        }
        if parts.len() >= 2 {
            let numbers: Option<Vec<u64>> = parts
                .iter()
                .map(|&(a, b)| text[a..b].parse().ok())
                .collect();
            if let Some(n) = numbers {
                let patch = n.get(2).copied().unwrap_or(0);
                return Some(Found {
                    text: &text[start..end],
                    version: Version::new(n[0], n[1], patch),
                });
            }
        }
        i = end.max(start + 1);
    }
    None
}

/// The value of the first version in `text`, if any.
pub fn parse(text: &str) -> Option<Version> {
    find(text).map(|f| f.version)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap()
    }

    #[test]
    fn finds_versions_as_tools_print_them() {
        assert_eq!(parse("17.03.0-ce"), Some(v("17.3.0")));
        assert_eq!(parse("v3.14.2+g1234"), Some(v("3.14.2")));
        assert_eq!(parse(r#"SemVer:"v2.10.0""#), Some(v("2.10.0")));
        assert_eq!(parse("2.11"), Some(v("2.11.0")));
        assert_eq!(
            parse("Docker version 20.10.24+dfsg1, build 297e128").unwrap(),
            v("20.10.24")
        );
        assert_eq!(parse("1.2.3.4"), Some(v("1.2.3")));
    }

    #[test]
    fn keeps_the_text_as_printed() {
        let f = find("Version:    0.06.1").unwrap();
        assert_eq!(f.text, "0.06.1");
        assert_eq!(f.version, v("0.6.1"));
        assert_eq!(find("v2.11+x").unwrap().text, "2.11");
    }

    #[test]
    fn skips_lone_numbers_and_trailing_dots() {
        assert_eq!(parse("go1 and then 1.5"), Some(v("1.5.0")));
        assert_eq!(parse("build 7. then 3.4"), Some(v("3.4.0")));
        assert_eq!(parse("v3"), None);
        assert_eq!(parse(""), None);
        assert_eq!(parse(" Version:    \n Git commit: \n"), None);
        assert_eq!(parse("..1..2.."), None);
    }

    #[test]
    fn huge_numbers_are_not_versions() {
        assert_eq!(
            parse("99999999999999999999999.1 then 1.0"),
            Some(v("1.0.0"))
        );
    }

    #[test]
    fn compares_as_semver() {
        assert!(parse("2.10.0").unwrap() < parse("2.11").unwrap());
        assert!(parse("2.11").unwrap() == v("2.11.0"));
        assert!(parse("v3.0.0").unwrap() > v("2.11.0"));
        assert!(parse("0.6.1").unwrap() > v("0.6.0"));
    }
}
