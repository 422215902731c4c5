//! Reports in other languages (issue 31; docs/behaviour.md §9): one
//! failing run per language in text and markdown against the simulator,
//! `-o az` byte for byte the same under every language setting, the order
//! `--lang` > `ACR_HEALTH_LANG` > the locale, and the generated error pages.

use std::path::Path;

use crate::util::{acr_health, sim};

/// Every language, by its `--lang` tag and a locale that names it.
const LANGS: &[(&str, &str)] = &[
    ("en", "en_US.UTF-8"),
    ("ja", "ja_JP.UTF-8"),
    ("zh-TW", "zh_TW.UTF-8"),
    ("ru", "ru_RU.UTF-8"),
    ("th", "th_TH.UTF-8"),
];

/// The languages whose catalog is in the tree (English is Rust's).
fn translated() -> Vec<&'static str> {
    LANGS
        .iter()
        .map(|(tag, _)| *tag)
        .filter(|tag| {
            *tag == "en"
                || Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join(format!("i18n/{tag}.ftl"))
                    .exists()
        })
        .collect()
}

/// The version moves with every release; the filters below take the rest.
fn stable(text: &str) -> String {
    let version = env!("CARGO_PKG_VERSION");
    text.replace(version, "[VERSION]")
        .replace(&version.replace('.', "\\."), "[VERSION]")
}

/// What differs between runs: ports, times, durations.
fn filters() -> Vec<(&'static str, &'static str)> {
    vec![
        (r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", "[TIME]"),
        (r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?", "[TIME]"),
        (r":\d{2,5}\b", ":[PORT]"),
        (r"\b\d+\.\d\d\b", "[SECONDS]"),
        (r"\| \d+ \|", "| [MS] |"),
        (r"in \d+h \d+m", "in [LEFT]"),
        // The temporary HOME, wherever the machine keeps them.
        (r"[\w/\\.:-]*\.tmp\w+", "[TMP]"),
    ]
}

#[test]
fn one_failing_run_per_language_in_text_and_markdown() {
    let s = sim("forbidden");
    for tag in translated() {
        for format in ["text", "markdown"] {
            let run = s
                .check()
                .args(["--lang", tag, "-o", format, "--ignore-errors"])
                .run();
            assert_eq!(run.status, 1, "{tag} {format}:\n{}", run.all());
            let mut settings = insta::Settings::clone_current();
            for (pattern, with) in filters() {
                settings.add_filter(pattern, with);
            }
            settings.set_snapshot_suffix(format!("{tag}-{format}"));
            let text = stable(&run.stdout);
            settings.bind(|| insta::assert_snapshot!("forbidden", text));
        }
    }
}

#[test]
fn az_stream_is_the_same_under_every_language_setting() {
    let s = sim("forbidden");
    let az = |cmd: crate::util::Cmd| {
        let run = cmd.args(["-o", "az", "--ignore-errors"]).run();
        assert_eq!(run.status, 1, "{}", run.all());
        assert!(run.stdout.is_empty(), "{}", run.stdout);
        // Only az's own timestamp moves between runs.
        strip_az_time(&run.stderr)
    };
    let english = az(s.check());
    assert!(
        english.contains(
            "An error occurred: CONNECTIVITY_FORBIDDEN_ERROR\nLooks like you don't have access"
        ),
        "{english}"
    );
    for (tag, locale) in LANGS {
        let tr = az(s.check().args(["--lang", tag]));
        assert_eq!(tr, english, "--lang {tag}");
        for var in ["ACR_HEALTH_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
            let tr = az(s.check().env(var, locale));
            assert_eq!(tr, english, "{var}={locale}");
        }
        let tr = az(s.check().env("LANGUAGE", tag).env("LANG", locale));
        assert_eq!(tr, english, "LANGUAGE={tag}");
        // The subcommand before the flag, as `check -o az --lang ja`.
        let tr = az(s.check().args(["--lang", tag]).env("LANG", locale));
        assert_eq!(tr, english, "--lang {tag} with LANG={locale}");
    }
}

/// az's stream with its error timestamps blanked.
fn strip_az_time(stderr: &str) -> String {
    stderr
        .lines()
        .map(|l| match l.strip_prefix("ERROR: ") {
            Some(rest) if rest.len() > 26 && rest.as_bytes()[4] == b'-' => {
                let at = rest.find(" An error occurred").unwrap_or(0);
                format!("ERROR: [TIME]{}", &rest[at..])
            }
            _ => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_flag_then_acr_health_lang_then_the_locale() {
    let words = |run: &crate::util::Run| {
        if run.stdout.contains("考えられる原因") {
            "ja"
        } else if run.stdout.contains("Likely causes") {
            "en"
        } else {
            "?"
        }
    };
    let explain = || acr_health().args(["explain", "CONNECTIVITY_DNS_ERROR"]);
    // Accepted after the subcommand, and before it.
    assert_eq!(words(&explain().args(["--lang", "ja"]).run()), "ja");
    assert_eq!(
        words(
            &acr_health()
                .args(["--lang", "ja", "explain", "cmk_error"])
                .run()
        ),
        "ja"
    );
    assert_eq!(words(&explain().env("ACR_HEALTH_LANG", "ja").run()), "ja");
    assert_eq!(words(&explain().env("LANG", "ja_JP.UTF-8").run()), "ja");
    assert_eq!(words(&explain().env("LC_MESSAGES", "ja_JP").run()), "ja");
    assert_eq!(
        words(
            &explain()
                .env("LANGUAGE", "fr:ja")
                .env("LANG", "de_DE.UTF-8")
                .run()
        ),
        "ja"
    );
    // The flag wins; ACR_HEALTH_LANG beats the locale; C switches LANGUAGE off.
    assert_eq!(
        words(
            &explain()
                .args(["--lang", "en"])
                .env("ACR_HEALTH_LANG", "ja")
                .run()
        ),
        "en"
    );
    assert_eq!(
        words(
            &explain()
                .env("ACR_HEALTH_LANG", "en")
                .env("LANG", "ja_JP.UTF-8")
                .run()
        ),
        "en"
    );
    assert_eq!(
        words(&explain().env("LANGUAGE", "ja").env("LANG", "C").run()),
        "en"
    );
    // Never the locale's character type.
    assert_eq!(words(&explain().env("LC_CTYPE", "ja_JP.UTF-8").run()), "en");
    // Simplified Chinese is not Traditional, and unknown is English, silently.
    for locale in ["zh_CN.UTF-8", "zh_SG", "fr_FR.UTF-8"] {
        let run = explain().env("LANG", locale).run();
        assert_eq!((run.status, words(&run)), (0, "en"), "{locale}");
        assert!(run.stderr.is_empty(), "{}", run.stderr);
    }
    // Every subcommand takes it.
    let codes = acr_health().args(["codes", "--lang", "ja"]).run();
    assert!(codes.stdout.contains("DNS 参照に失敗"), "{}", codes.stdout);
    for tag in ["en", "ja", "zh-TW", "ru", "th", "ZH_tw"] {
        assert_eq!(
            acr_health().args(["codes", "--lang", tag]).run().status,
            0,
            "{tag}"
        );
    }
}

#[test]
fn an_unknown_lang_flag_is_bad_usage_on_one_line() {
    let run = acr_health().args(["codes", "--lang", "fr"]).run();
    assert_eq!(run.status, 2, "{}", run.all());
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("en, ja, zh-TW, ru, th"),
        "{}",
        run.stderr
    );
}

#[test]
fn json_keeps_english_and_adds_the_localized_message() {
    let s = sim("forbidden");
    let doc = s.check().args(["-o", "json", "--lang", "ja"]).run().json();
    assert_eq!(doc["lang"], "ja");
    assert_eq!(doc["schemaVersion"], 2);
    let check = crate::util::check(&doc, "registry.challenge");
    assert_eq!(check["code"], "CONNECTIVITY_FORBIDDEN_ERROR");
    let message = check["message"].as_str().unwrap();
    assert!(
        message.starts_with("Looks like you don't have access"),
        "{message}"
    );
    let localized = check["localizedMessage"].as_str().unwrap();
    assert!(
        localized.contains("アクセス権がないようです"),
        "{localized}"
    );
    // Ids, titles and statuses stay as English as the schema says.
    assert_eq!(check["title"], "Challenge endpoint");
    assert_eq!(check["status"], "error");
    let en = s.check().args(["-o", "json"]).run().json();
    assert_eq!(en["lang"], "en");
    let check = crate::util::check(&en, "registry.challenge");
    assert_eq!(check["localizedMessage"], check["message"]);
}

#[test]
fn junit_stays_english() {
    let s = sim("forbidden");
    let en = s.check().args(["-o", "junit"]).run();
    let ja = s.check().args(["-o", "junit", "--lang", "ja"]).run();
    let blank = |x: &str| {
        x.lines()
            .filter(|l| !l.contains("time=") && !l.contains("timestamp"))
            .map(regex_ports)
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(blank(&ja.stdout), blank(&en.stdout));
}

/// Ports replaced, the one thing two runs against one simulator may not share.
fn regex_ports(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == ':' {
            while chars.peek().is_some_and(|d| d.is_ascii_digit()) {
                chars.next();
            }
        }
    }
    out
}

#[test]
fn docs_errors_pages_are_generated_from_the_catalogs() {
    for tag in translated().into_iter().filter(|t| *t != "en") {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("docs/errors.{tag}.md"));
        let run = acr_health()
            .args(["codes", "-o", "markdown", "--lang", tag])
            .run();
        assert_eq!(run.status, 0);
        if std::env::var_os("UPDATE").is_some() {
            std::fs::write(&path, &run.stdout).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == run.stdout,
            "docs/errors.{tag}.md is stale: run `cargo run -- codes -o markdown --lang {tag} > docs/errors.{tag}.md`"
        );
    }
}
