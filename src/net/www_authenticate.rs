//! A parser for the `WWW-Authenticate` challenge (RFC 9110 §11.6.1): scheme
//! (case-insensitive), then `name=token` or `name="quoted string"` parameters
//! separated by commas, where a quoted string may hold commas and `\"`.

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Challenge {
    /// As sent; compare with `eq_ignore_ascii_case`.
    pub scheme: String,
    /// Parameter names lower-cased, values unquoted.
    pub params: Vec<(String, String)>,
}

impl Challenge {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn is_bearer(&self) -> bool {
        self.scheme.eq_ignore_ascii_case("bearer")
    }
}

#[derive(Debug, PartialEq, Eq)]
pub struct ParseError(pub String);

fn is_tchar(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

/// Parses the first challenge of the header value.
pub fn parse(header: &str) -> Result<Challenge, ParseError> {
    let mut chars = header.trim().chars().peekable();
    let mut scheme = String::new();
    while let Some(&c) = chars.peek() {
        if is_tchar(c) {
            scheme.push(c);
            chars.next();
        } else {
            break;
        }
    }
    if scheme.is_empty() {
        return Err(ParseError("no authentication scheme".into()));
    }
    let mut params = Vec::new();
    loop {
        while matches!(chars.peek(), Some(c) if *c == ' ' || *c == '\t' || *c == ',') {
            chars.next();
        }
        if chars.peek().is_none() {
            break;
        }
        let mut name = String::new();
        while let Some(&c) = chars.peek() {
            if is_tchar(c) {
                name.push(c);
                chars.next();
            } else {
                break;
            }
        }
        while matches!(chars.peek(), Some(' ' | '\t')) {
            chars.next();
        }
        if name.is_empty() || chars.next() != Some('=') {
            // token68 or a second challenge: what we need is already parsed.
            if params.is_empty() && !name.is_empty() {
                break;
            }
            if name.is_empty() {
                return Err(ParseError(format!(
                    "unexpected character after '{}'",
                    params
                        .last()
                        .map(|(k, _): &(String, String)| k.as_str())
                        .unwrap_or(&scheme)
                )));
            }
            break;
        }
        while matches!(chars.peek(), Some(' ' | '\t')) {
            chars.next();
        }
        let mut value = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            let mut closed = false;
            while let Some(c) = chars.next() {
                match c {
                    '\\' => match chars.next() {
                        Some(escaped) => value.push(escaped),
                        None => break,
                    },
                    '"' => {
                        closed = true;
                        break;
                    }
                    c => value.push(c),
                }
            }
            if !closed {
                return Err(ParseError(format!(
                    "the quoted value of '{name}' is never closed"
                )));
            }
        } else {
            while let Some(&c) = chars.peek() {
                if is_tchar(c) || c == '/' || c == ':' {
                    value.push(c);
                    chars.next();
                } else {
                    break;
                }
            }
        }
        params.push((name.to_ascii_lowercase(), value));
    }
    Ok(Challenge { scheme, params })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acr_bearer() {
        let c = parse(r#"Bearer realm="https://r.azurecr.io/oauth2/token",service="r.azurecr.io""#)
            .unwrap();
        assert!(c.is_bearer());
        assert_eq!(c.param("realm"), Some("https://r.azurecr.io/oauth2/token"));
        assert_eq!(c.param("service"), Some("r.azurecr.io"));
    }

    #[test]
    fn case_spaces_commas_in_quotes_and_escapes() {
        let c =
            parse(r#"bEaReR  Realm = "https://x/a,b" , service="s\"q", scope=repository:a:pull"#)
                .unwrap();
        assert!(c.is_bearer());
        assert_eq!(c.param("realm"), Some("https://x/a,b"));
        assert_eq!(c.param("service"), Some("s\"q"));
        assert_eq!(c.param("scope"), Some("repository:a:pull"));
    }

    #[test]
    fn basic_and_errors() {
        let c = parse(r#"Basic realm="Registry""#).unwrap();
        assert!(!c.is_bearer());
        assert!(parse(r#"Bearer realm="unterminated"#).is_err());
        assert!(parse("").is_err());
        assert!(parse("Bearer").unwrap().params.is_empty());
    }
}
