//! Which language the reports speak (issue 31; docs/behaviour.md §9): pure
//! functions over the environment snapshot, so every case is a unit test.
//!
//! The order: `--lang`; else `ACR_HEALTH_LANG`; else the locale as GNU
//! gettext resolves it (`LANGUAGE`, a `:` list, unless the locale is C or
//! POSIX; then `LC_ALL`, `LC_MESSAGES`, `LANG`; an empty value counts as
//! unset); else, where no locale variable is set at all, the operating
//! system's own choice (Windows: the user's UI languages; macOS: the
//! preferred languages). Anything we do not speak is English, silently.
//! `LC_CTYPE` is never read: it says how to decode bytes, not which language
//! to answer in.

use crate::sys::env::Env;

/// A language the reports can be written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    Ja,
    /// Traditional Chinese (Taiwan, Hong Kong, Macau).
    ZhTw,
    Ru,
    Th,
}

impl Lang {
    pub const ALL: &'static [Lang] = &[Lang::En, Lang::Ja, Lang::ZhTw, Lang::Ru, Lang::Th];

    /// The tag `--lang` takes and JSON's `lang` holds: `en`, `ja`, `zh-TW`, `ru`, `th`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
            Lang::ZhTw => "zh-TW",
            Lang::Ru => "ru",
            Lang::Th => "th",
        }
    }

    /// The path segment of Microsoft Learn's pages in this language.
    pub fn learn_locale(self) -> &'static str {
        match self {
            Lang::En => "en-us",
            Lang::Ja => "ja-jp",
            Lang::ZhTw => "zh-tw",
            Lang::Ru => "ru-ru",
            Lang::Th => "th-th",
        }
    }

    /// `--lang`'s value: one of the tags, in any case, `_` taken for `-`.
    pub fn from_flag(value: &str) -> Option<Lang> {
        let v = value.trim().replace('_', "-").to_ascii_lowercase();
        Lang::ALL
            .iter()
            .copied()
            .find(|l| l.tag().to_ascii_lowercase() == v)
    }
}

/// What one locale name (`ja_JP.UTF-8`, `zh-Hant-TW`, `ru`, `C`) asks for:
/// `Some(lang)` when we speak it (English included: `C`, `POSIX`, `en_GB`),
/// `None` when we do not (`fr_FR`, `zh_CN`: a list goes on to its next name).
pub fn from_locale(name: &str) -> Option<Lang> {
    let name = name.trim();
    if is_c_locale(name) {
        return Some(Lang::En);
    }
    // `language[_territory][.codeset][@modifier]`, or a BCP 47 tag.
    let base = name.split(['.', '@']).next().unwrap_or_default();
    let parts: Vec<String> = base
        .split(['_', '-'])
        .map(|p| p.to_ascii_lowercase())
        .collect();
    let language = parts.first().map(String::as_str).unwrap_or_default();
    let rest = parts.get(1..).unwrap_or_default();
    let has = |s: &str| rest.iter().any(|p| p == s);
    match language {
        "en" => Some(Lang::En),
        "ja" => Some(Lang::Ja),
        "ru" => Some(Lang::Ru),
        "th" => Some(Lang::Th),
        // Traditional only for the script, or a region that writes it;
        // Simplified (zh_CN, zh_SG, zh-Hans) we do not speak.
        "zh" if has("hans") => None,
        "zh" if has("hant") || has("tw") || has("hk") || has("mo") => Some(Lang::ZhTw),
        _ => None,
    }
}

/// `C`, `POSIX` and `C.<codeset>` (`C.UTF-8`): the untranslated locale.
pub fn is_c_locale(name: &str) -> bool {
    let name = name.trim();
    name == "C" || name == "POSIX" || name.starts_with("C.") || name.starts_with("C@")
}

/// The language gettext would pick from the locale variables, or None
/// when none of `LC_ALL`, `LC_MESSAGES` and `LANG` is set (non-empty).
pub fn from_locale_env(env: &Env) -> Option<Lang> {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|k| env.get(k))?;
    if !is_c_locale(locale)
        && let Some(list) = env.get("LANGUAGE")
        && let Some(lang) = list
            .split(':')
            .filter(|n| !n.is_empty())
            .find_map(from_locale)
    {
        return Some(lang);
    }
    Some(from_locale(locale).unwrap_or_default())
}

/// The run's language: `flag` (`--lang`, already checked), else
/// `ACR_HEALTH_LANG`, else the locale variables, else `system` (the
/// operating system's preferred languages, first first), else English.
/// `system` is only asked when nothing else named a language.
pub fn resolve(flag: Option<Lang>, env: &Env, system: impl FnOnce() -> Vec<String>) -> Lang {
    if let Some(lang) = flag {
        return lang;
    }
    if let Some(value) = env.get("ACR_HEALTH_LANG") {
        return Lang::from_flag(value)
            .or_else(|| from_locale(value))
            .unwrap_or_default();
    }
    if let Some(lang) = from_locale_env(env) {
        return lang;
    }
    system()
        .iter()
        .find_map(|n| from_locale(n))
        .unwrap_or_default()
}

/// The operating system's preferred UI languages, first first, as locale
/// names; empty where there are none to ask (Linux: the variables are all).
pub fn system_languages() -> Vec<String> {
    os::preferred()
}

#[cfg(windows)]
mod os {
    use windows_sys::Win32::Globalization::{GetUserPreferredUILanguages, MUI_LANGUAGE_NAME};

    /// `GetUserPreferredUILanguages`: a double-NUL-ended list of names (`ja-JP`).
    pub fn preferred() -> Vec<String> {
        let mut count = 0u32;
        let mut len = 0u32;
        // SAFETY: a size query with a null buffer, as documented.
        let ok = unsafe {
            GetUserPreferredUILanguages(
                MUI_LANGUAGE_NAME,
                &mut count,
                std::ptr::null_mut(),
                &mut len,
            )
        };
        if ok == 0 || len == 0 || len > 4096 {
            return Vec::new();
        }
        let mut buf = vec![0u16; len as usize];
        // SAFETY: `buf` holds the `len` UTF-16 units the query asked for.
        let ok = unsafe {
            GetUserPreferredUILanguages(MUI_LANGUAGE_NAME, &mut count, buf.as_mut_ptr(), &mut len)
        };
        if ok == 0 {
            return Vec::new();
        }
        buf.split(|&u| u == 0)
            .filter(|s| !s.is_empty())
            .map(String::from_utf16_lossy)
            .collect()
    }
}

#[cfg(target_os = "macos")]
mod os {
    use core_foundation::array::CFArray;
    use core_foundation::base::TCFType;
    use core_foundation::string::CFString;
    use core_foundation_sys::locale::CFLocaleCopyPreferredLanguages;

    /// `CFLocaleCopyPreferredLanguages`: BCP 47 tags (`zh-Hant-TW`, `ja-JP`).
    pub fn preferred() -> Vec<String> {
        // SAFETY: a Copy function: we own the array it returns.
        let array = unsafe { CFLocaleCopyPreferredLanguages() };
        if array.is_null() {
            return Vec::new();
        }
        // SAFETY: non-null, and created for us (the Create rule).
        let array: CFArray<CFString> = unsafe { CFArray::wrap_under_create_rule(array) };
        array.iter().take(32).map(|s| s.to_string()).collect()
    }
}

#[cfg(not(any(windows, target_os = "macos")))]
mod os {
    pub fn preferred() -> Vec<String> {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> Env {
        let mut e = Env::empty();
        for (k, v) in vars {
            e.set(k, *v);
        }
        e
    }

    fn run(vars: &[(&str, &str)]) -> Lang {
        resolve(None, &env(vars), Vec::new)
    }

    #[test]
    fn the_flag_wins_over_everything() {
        let e = env(&[("ACR_HEALTH_LANG", "ru"), ("LANG", "th_TH.UTF-8")]);
        let asked = std::cell::Cell::new(false);
        let system = || {
            asked.set(true);
            vec!["zh-TW".to_string()]
        };
        assert_eq!(resolve(Some(Lang::Ja), &e, system), Lang::Ja);
        assert_eq!(resolve(Some(Lang::En), &e, Vec::new), Lang::En);
        assert!(
            !asked.get(),
            "the system is not asked when the flag decides"
        );
    }

    #[test]
    fn flag_values_are_the_tags_in_any_case() {
        assert_eq!(Lang::from_flag("ja"), Some(Lang::Ja));
        assert_eq!(Lang::from_flag("zh-TW"), Some(Lang::ZhTw));
        assert_eq!(Lang::from_flag("zh_tw"), Some(Lang::ZhTw));
        assert_eq!(Lang::from_flag("RU"), Some(Lang::Ru));
        assert_eq!(Lang::from_flag("th"), Some(Lang::Th));
        assert_eq!(Lang::from_flag("en"), Some(Lang::En));
        assert_eq!(Lang::from_flag("fr"), None);
        assert_eq!(Lang::from_flag("zh"), None);
        for l in Lang::ALL {
            assert_eq!(Lang::from_flag(l.tag()), Some(*l));
        }
    }

    #[test]
    fn acr_health_lang_comes_before_the_locale() {
        assert_eq!(
            run(&[("ACR_HEALTH_LANG", "ja"), ("LANG", "ru_RU.UTF-8")]),
            Lang::Ja
        );
        // A locale name works there too.
        assert_eq!(run(&[("ACR_HEALTH_LANG", "th_TH.UTF-8")]), Lang::Th);
        // Unknown: English, silently, and the locale is not consulted.
        assert_eq!(
            run(&[("ACR_HEALTH_LANG", "fr"), ("LANG", "ja_JP.UTF-8")]),
            Lang::En
        );
        // Empty counts as unset.
        assert_eq!(
            run(&[("ACR_HEALTH_LANG", ""), ("LANG", "ja_JP.UTF-8")]),
            Lang::Ja
        );
    }

    #[test]
    fn gettext_order_lc_all_then_lc_messages_then_lang() {
        assert_eq!(
            run(&[
                ("LC_ALL", "ja_JP.UTF-8"),
                ("LC_MESSAGES", "ru_RU"),
                ("LANG", "th_TH")
            ]),
            Lang::Ja
        );
        assert_eq!(
            run(&[("LC_MESSAGES", "ru_RU"), ("LANG", "th_TH")]),
            Lang::Ru
        );
        assert_eq!(run(&[("LANG", "th_TH.UTF-8")]), Lang::Th);
        // Empty values count as unset.
        assert_eq!(
            run(&[("LC_ALL", ""), ("LC_MESSAGES", ""), ("LANG", "ru_RU.UTF-8")]),
            Lang::Ru
        );
        // LC_CTYPE says how to decode bytes, not which language: never read.
        assert_eq!(run(&[("LC_CTYPE", "ja_JP.UTF-8")]), Lang::En);
        assert_eq!(run(&[("LC_CTYPE", "ja_JP.UTF-8"), ("LANG", "C")]), Lang::En);
    }

    #[test]
    fn language_list_comes_first_unless_the_locale_is_c() {
        assert_eq!(
            run(&[("LANGUAGE", "ja"), ("LANG", "ru_RU.UTF-8")]),
            Lang::Ja
        );
        // A list: the first name we speak.
        assert_eq!(
            run(&[("LANGUAGE", "fr:de:th"), ("LANG", "ru_RU.UTF-8")]),
            Lang::Th
        );
        assert_eq!(
            run(&[("LANGUAGE", "fr::en:ja"), ("LANG", "ru_RU")]),
            Lang::En
        );
        // None spoken: the locale decides.
        assert_eq!(
            run(&[("LANGUAGE", "fr:de"), ("LANG", "ru_RU.UTF-8")]),
            Lang::Ru
        );
        // C, POSIX and C.UTF-8 switch LANGUAGE off, as in gettext.
        for c in ["C", "POSIX", "C.UTF-8"] {
            assert_eq!(run(&[("LANGUAGE", "ja"), ("LANG", c)]), Lang::En, "{c}");
            assert_eq!(
                run(&[("LANGUAGE", "ja"), ("LC_ALL", c), ("LANG", "ru_RU")]),
                Lang::En
            );
        }
        // No locale at all is C too: LANGUAGE alone does nothing.
        assert_eq!(run(&[("LANGUAGE", "ja")]), Lang::En);
        // Empty LANGUAGE counts as unset.
        assert_eq!(run(&[("LANGUAGE", ""), ("LANG", "ja_JP")]), Lang::Ja);
    }

    #[test]
    fn c_and_posix_are_english() {
        for c in ["C", "POSIX", "C.UTF-8", "C.utf8"] {
            assert_eq!(from_locale(c), Some(Lang::En), "{c}");
            assert_eq!(run(&[("LANG", c)]), Lang::En);
        }
    }

    #[test]
    fn traditional_chinese_only_for_its_regions_and_script() {
        for name in [
            "zh_TW",
            "zh_TW.UTF-8",
            "zh_HK.Big5-HKSCS",
            "zh_MO",
            "zh-Hant",
            "zh-Hant-TW",
            "zh-Hant-HK",
            "zh_TW@radical",
            "zh-tw",
        ] {
            assert_eq!(from_locale(name), Some(Lang::ZhTw), "{name}");
        }
        for name in [
            "zh_CN",
            "zh_CN.UTF-8",
            "zh_SG",
            "zh-Hans",
            "zh-Hans-CN",
            "zh-Hans-HK",
            "zh",
        ] {
            assert_eq!(from_locale(name), None, "{name}");
            assert_eq!(run(&[("LANG", name)]), Lang::En, "{name}");
        }
        // Simplified in a list is skipped, not taken for Traditional.
        assert_eq!(
            run(&[("LANGUAGE", "zh_CN:zh_TW"), ("LANG", "zh_CN.UTF-8")]),
            Lang::ZhTw
        );
    }

    #[test]
    fn locale_names_in_their_usual_forms() {
        assert_eq!(from_locale("ja_JP.UTF-8"), Some(Lang::Ja));
        assert_eq!(from_locale("ja_JP.eucJP"), Some(Lang::Ja));
        assert_eq!(from_locale("ja-JP"), Some(Lang::Ja));
        assert_eq!(from_locale("ru_RU.KOI8-R"), Some(Lang::Ru));
        assert_eq!(from_locale("ru_UA"), Some(Lang::Ru));
        assert_eq!(from_locale("th_TH.TIS-620"), Some(Lang::Th));
        assert_eq!(from_locale("en_GB.UTF-8"), Some(Lang::En));
        assert_eq!(from_locale("de_DE@euro"), None);
        assert_eq!(from_locale(""), None);
    }

    #[test]
    fn unknown_locales_are_english_silently() {
        assert_eq!(run(&[("LANG", "fr_FR.UTF-8")]), Lang::En);
        assert_eq!(run(&[("LANG", "klingon")]), Lang::En);
        assert_eq!(run(&[]), Lang::En);
    }

    #[test]
    fn the_system_languages_only_when_no_locale_variable_is_set() {
        let sys = || vec!["fr-FR".to_string(), "ja-JP".to_string()];
        assert_eq!(resolve(None, &env(&[]), sys), Lang::Ja);
        assert_eq!(
            resolve(None, &env(&[("LANG", "en_US.UTF-8")]), sys),
            Lang::En
        );
        assert_eq!(resolve(None, &env(&[("LANG", "C")]), sys), Lang::En);
        assert_eq!(
            resolve(None, &env(&[]), || vec!["zh-Hant-TW".into()]),
            Lang::ZhTw
        );
        assert_eq!(
            resolve(None, &env(&[]), || vec!["zh-Hans-CN".into()]),
            Lang::En
        );
    }

    #[test]
    fn learn_paths() {
        let paths: Vec<_> = Lang::ALL[1..].iter().map(|l| l.learn_locale()).collect();
        assert_eq!(paths, ["ja-jp", "zh-tw", "ru-ru", "th-th"]);
    }
}
