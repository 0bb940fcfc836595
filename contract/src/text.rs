use serde::{Deserialize, Serialize};

/// A display string in every language the backend offers: zh-CN is required, en optional.
/// The app falls back to zh-CN when its locale is missing.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, yishi_json::FromJson,
)]
pub struct Text {
    #[serde(rename = "zh-CN")]
    pub zh: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

/// The languages the app speaks. zh-CN is primary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The BCP 47 tag, as used in `<html lang>` and in the spec's text objects.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Lang> {
        let lower = tag.to_ascii_lowercase();
        if lower.starts_with("zh") {
            Some(Lang::Zh)
        } else if lower.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }
}

impl Text {
    pub fn zh(zh: impl Into<String>) -> Text {
        Text {
            zh: zh.into(),
            en: None,
        }
    }

    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            zh: zh.into(),
            en: Some(en.into()),
        }
    }

    /// The string for `lang`, falling back to zh-CN when that language is missing or empty.
    pub fn get(&self, lang: Lang) -> &str {
        match (lang, &self.en) {
            (Lang::En, Some(en)) if !en.trim().is_empty() => en,
            _ => &self.zh,
        }
    }
}
