//! The font a text is laid out and drawn in, and its CSS spelling.

use serde::{Deserialize, Serialize};

/// Generic families a [`FontSpec::from_css`] string may fall back to.
const GENERIC_FAMILIES: &[&str] =
    &["serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"];

/// The font to lay the text out in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FontSpec {
    /// CSS family name, e.g. `"Annex Serif"`.
    pub family: String,
    /// Size in CSS pixels, `1..=512`.
    pub size_px: f32,
    /// CSS weight, `100..=900`.
    #[serde(default = "normal_weight")]
    pub weight: u16,
    /// Italic.
    #[serde(default)]
    pub italic: bool,
}

fn normal_weight() -> u16 {
    400
}

impl FontSpec {
    /// The CSS `font` shorthand, e.g. `italic 700 48px "Annex Serif", serif`.
    pub fn css(&self) -> String {
        let style = if self.italic { "italic " } else { "" };
        let family = self.family.replace(['"', '\\'], "");
        format!("{style}{} {}px \"{family}\", serif", self.weight, self.size_px)
    }

    /// Reads a CSS `font` shorthand of the form [`FontSpec::css`] writes:
    /// an optional `italic` or `normal` style, an optional weight (a number,
    /// `normal` or `bold`), a size in `px`, one family (quoted or not) and
    /// generic fallbacks. `None` for anything else: the host draws only
    /// fonts it can read, so a drawing cannot name fonts it does not see.
    pub fn from_css(css: &str) -> Option<Self> {
        let (head, families) = split_families(css)?;
        let mut words = head.split_whitespace().peekable();
        let italic = match words.peek() {
            Some(&"italic") => {
                words.next();
                true
            }
            Some(&"normal") => {
                words.next();
                false
            }
            _ => false,
        };
        let mut weight = 400;
        let mut size = words.next()?;
        if let Some(w) = parse_weight(size) {
            weight = w;
            size = words.next()?;
        }
        let size_px: f32 = size.strip_suffix("px")?.parse().ok()?;
        if words.next().is_some() {
            return None;
        }
        let family = families.first()?.clone();
        let generic_tail = families[1..].iter().all(|f| GENERIC_FAMILIES.contains(&f.as_str()));
        let font = Self { family, size_px, weight, italic };
        (generic_tail && families.len() <= 4 && font.check().is_ok()).then_some(font)
    }

    /// Checks the size, the weight and the family's length; the error
    /// names the field.
    pub fn check(&self) -> Result<(), String> {
        if !(1.0..=512.0).contains(&self.size_px) {
            return Err(format!("font.size_px: {}, it must be between 1 and 512", self.size_px));
        }
        if !(100..=900).contains(&self.weight) {
            return Err(format!("font.weight: {}, it must be between 100 and 900", self.weight));
        }
        if self.family.len() > 128 {
            return Err(format!("font.family: {} bytes, at most 128", self.family.len()));
        }
        Ok(())
    }
}

fn parse_weight(word: &str) -> Option<u16> {
    match word {
        "normal" => Some(400),
        "bold" => Some(700),
        _ => word.parse().ok(),
    }
}

/// Splits `head "Family", fallback` at the first family; families come
/// back unquoted.
fn split_families(css: &str) -> Option<(&str, Vec<String>)> {
    let (head, first, rest) = match css.find('"') {
        Some(open) => {
            let close = open + 1 + css[open + 1..].find('"')?;
            let rest = css[close + 1..].trim_start();
            (&css[..open], css[open + 1..close].to_owned(), rest)
        }
        None => {
            // Unquoted: the family is the words after the size, up to a comma.
            let (before, rest) = css.split_once(',').map_or((css, ""), |(b, r)| (b, r));
            let size_at = before.split_whitespace().position(|w| w.ends_with("px"))?;
            let words: Vec<&str> = before.split_whitespace().collect();
            let family = words[size_at + 1..].join(" ");
            let head_len = before.find(words[size_at])? + words[size_at].len();
            (&before[..head_len], family, rest)
        }
    };
    let rest = rest.strip_prefix(',').unwrap_or(rest);
    let mut families = vec![first.trim().to_owned()];
    families.extend(rest.split(',').map(str::trim).filter(|f| !f.is_empty()).map(String::from));
    (!families[0].is_empty() && !families[0].contains(['\\', '\''])).then_some((head, families))
}

#[cfg(test)]
mod tests {
    use super::FontSpec;

    fn spec(family: &str, size_px: f32, weight: u16, italic: bool) -> FontSpec {
        FontSpec { family: family.into(), size_px, weight, italic }
    }

    #[test]
    fn reads_back_what_css_writes() {
        for font in [spec("Annex Serif", 48.0, 700, true), spec("serif", 12.5, 400, false)] {
            assert_eq!(FontSpec::from_css(&font.css()), Some(font));
        }
    }

    #[test]
    fn reads_common_spellings() {
        let read = |css| FontSpec::from_css(css);
        assert_eq!(read("16px Arial"), Some(spec("Arial", 16.0, 400, false)));
        assert_eq!(
            read("bold 20px Times New Roman, serif"),
            Some(spec("Times New Roman", 20.0, 700, false))
        );
        assert_eq!(read("italic 300 9px \"A\", sans-serif"), Some(spec("A", 9.0, 300, true)));
    }

    #[test]
    fn refuses_what_it_cannot_read_or_bound() {
        for css in [
            "",
            "Arial",
            "16px",
            "16px \"unclosed",
            "0px Arial",
            "100000px Arial",
            "16px Arial, \"Other\"",
            "16px Arial, Roboto",
            "small-caps 16px Arial",
            "950 16px Arial",
            "16em Arial",
        ] {
            assert_eq!(FontSpec::from_css(css), None, "{css}");
        }
    }
}
