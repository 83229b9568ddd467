//! Text normalisation for search and duplicate detection, and free-text validation.
//!
//! Keys ([`search_key`], [`duplicate_key`]) are for comparison only, never for display:
//! 1. NFKC: full-width ASCII → ASCII, half-width katakana → full-width (`ｶﾞ` → `ガ`),
//!    `㈱` → `(株)`, `㍿` → `株式会社`;
//! 2. hiragana → katakana ([`to_katakana`]), then lower case;
//! 3. whitespace and punctuation are removed (`・`, `、`, `。`, brackets, ASCII punctuation,
//!    dashes). The long-vowel mark `ー` is kept, because it is part of katakana words
//!    (`セルシード` ≠ `セルシド`); a dash or minus directly after katakana is read as a mistyped
//!    `ー` and becomes one (`セルシ-ド` → `セルシード`).
//!
//! [`duplicate_key`] also drops corporate designators (株式会社, (株), 有限会社, 合同会社,
//! 一般社団法人 … and trailing Inc., Co., Ltd., K.K., Corporation, LLC …) so that
//! `株式会社セルシード`, `(株)セルシード` and `CellSeed Inc.` vs `CellSeed` compare equal.

use super::validation::{FieldError, ToFieldError};
use unicode_normalization::UnicodeNormalization;

/// Hiragana to katakana (`ぁ`–`ゖ`, `ゝ`, `ゞ`); every other character is unchanged.
pub fn to_katakana(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{3041}'..='\u{3096}' | '\u{309D}' | '\u{309E}' => {
                char::from_u32(c as u32 + 0x60).unwrap_or(c)
            }
            _ => c,
        })
        .collect()
}

/// A katakana reading as stored in `name_kana`: NFKC (half-width kana to full-width),
/// hiragana to katakana, trimmed, inner whitespace runs collapsed to one ASCII space.
pub fn normalize_reading(s: &str) -> String {
    let k = to_katakana(&s.nfkc().collect::<String>());
    k.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// NFKC, katakana, lower case: the common first step of both keys.
fn fold(s: &str) -> String {
    to_katakana(&s.nfkc().collect::<String>()).to_lowercase()
}

fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー')
}

fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | '－' | '─' | '━'
    )
}

fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(
            c,
            '・' | '、'
                | '。'
                | '「'
                | '」'
                | '『'
                | '』'
                | '【'
                | '】'
                | '〔'
                | '〕'
                | '〈'
                | '〉'
                | '《'
                | '》'
                | '〜'
                | '〃'
                | '‘'
                | '’'
                | '“'
                | '”'
                | '･'
                | '©'
                | '®'
                | '™'
        )
}

/// Removes whitespace and punctuation; dashes after katakana become `ー`.
fn squeeze(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_dash(c) {
            if out.chars().next_back().is_some_and(is_katakana) {
                out.push('ー');
            }
        } else if !(c.is_whitespace() || is_punctuation(c) || c.is_control()) {
            out.push(c);
        }
    }
    out
}

/// Key for search (`LIKE '%key%'`): NFKC, katakana, lower case, no spaces or punctuation.
pub fn search_key(s: &str) -> String {
    squeeze(&fold(s))
}

/// Japanese designators, in their folded form (after NFKC, katakana, lower case).
const JA_DESIGNATORS: &[&str] = &[
    "特定非営利活動法人",
    "一般社団法人",
    "一般財団法人",
    "公益社団法人",
    "公益財団法人",
    "株式会社",
    "有限会社",
    "合同会社",
    "合資会社",
    "合名会社",
    "npo法人",
    "(株)",
    "(有)",
    "(同)",
    "(資)",
    "(名)",
    "(一社)",
    "(一財)",
    "(公社)",
    "(公財)",
    "(特非)",
    "カブシキガイシャ",
    "カブシキカイシャ",
    "ユウゲンガイシャ",
    "ユウゲンカイシャ",
    "ゴウドウガイシャ",
    "ゴウドウカイシャ",
];

/// English designators (dots removed), stripped only as trailing words.
const EN_DESIGNATORS: &[&str] = &[
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "ltd",
    "coltd",
    "limited",
    "kk",
    "llc",
    "gk",
    "plc",
];

/// Removes trailing English designators: `acme co., ltd.` → `acme`.
fn strip_english_designators(s: &str) -> &str {
    let mut rest = s;
    loop {
        let trimmed = rest.trim_end_matches(|c: char| c.is_whitespace() || c == ',');
        let start = trimmed
            .rfind(|c: char| c.is_whitespace() || c == ',')
            .map_or(0, |i| {
                i + trimmed[i..].chars().next().map_or(1, char::len_utf8)
            });
        let word: String = trimmed[start..].chars().filter(|&c| c != '.').collect();
        let before = &trimmed[..start];
        if EN_DESIGNATORS.contains(&word.as_str()) && !squeeze(before).is_empty() {
            rest = before;
        } else {
            return trimmed;
        }
    }
}

/// Key for duplicate detection (`ventures.name_key`): like [`search_key`], without corporate
/// designators. Falls back to the search key when the name is nothing but a designator.
pub fn duplicate_key(s: &str) -> String {
    let folded = fold(s);
    let english_stripped = strip_english_designators(&folded);
    let mut compact: String = english_stripped
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for designator in JA_DESIGNATORS {
        compact = compact.replace(designator, "");
    }
    let key = squeeze(&compact);
    if key.is_empty() {
        squeeze(&folded)
    } else {
        key
    }
}

/// Why a text field was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    /// Empty (after trimming) but required.
    #[error("a value is required")]
    Required,
    /// More characters (Unicode scalar values, after normalisation) than allowed.
    #[error("at most {max} characters are allowed, not {length}")]
    TooLong {
        /// The limit.
        max: usize,
        /// The length found.
        length: usize,
    },
    /// A control or bidirectional-override character.
    #[error("the text contains a control character (U+{:04X})", *.0 as u32)]
    ControlCharacter(char),
}

impl ToFieldError for TextError {
    /// Codes `text.required`, `text.too_long` (params `max`, `length`),
    /// `text.control_character` (param `character`, e.g. `U+0007`).
    fn field_error(&self, field: &str) -> FieldError {
        match self {
            Self::Required => FieldError::new(field, "text.required"),
            Self::TooLong { max, length } => FieldError::new(field, "text.too_long")
                .with_param("max", max)
                .with_param("length", length),
            Self::ControlCharacter(c) => FieldError::new(field, "text.control_character")
                .with_param("character", format!("U+{:04X}", *c as u32)),
        }
    }
}

/// How a free-text field is validated. Build with [`TextRules::single_line`] or
/// [`TextRules::multi_line`], e.g. `const NAME: TextRules = TextRules::single_line(200).required();`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextRules {
    /// Maximum length in characters (not bytes).
    pub max_chars: usize,
    /// Whether an empty value is refused.
    pub required: bool,
    /// Whether line feeds and tabs are allowed.
    pub multiline: bool,
}

impl TextRules {
    /// An optional one-line field.
    pub const fn single_line(max_chars: usize) -> Self {
        Self {
            max_chars,
            required: false,
            multiline: false,
        }
    }

    /// An optional multi-line field (notes, summaries).
    pub const fn multi_line(max_chars: usize) -> Self {
        Self {
            max_chars,
            required: false,
            multiline: true,
        }
    }

    /// The same rules, value required.
    #[must_use]
    pub const fn required(self) -> Self {
        Self {
            required: true,
            ..self
        }
    }

    /// See [`validate_text`].
    pub fn validate(&self, value: &str) -> Result<String, TextError> {
        validate_text(value, *self)
    }
}

/// Bidirectional embedding/override/isolate controls (format characters, not `Cc`), refused
/// because they can make text display differently from what is stored.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Validates and cleans a free-text value:
/// - multi-line: `\r\n` and lone `\r` become `\n` (browsers send textareas with CRLF);
/// - surrounding whitespace (including the ideographic space U+3000) is trimmed;
/// - the text is put in Unicode NFC (so a decomposed `ガ` from macOS equals the composed one);
/// - control characters are refused (except `\n` and `\t` when multi-line), as are bidi
///   overrides; NUL in particular, which PostgreSQL cannot store;
/// - empty is refused when required; length is counted in characters after all of the above.
///
/// Returns the cleaned value (empty string for an empty optional field).
pub fn validate_text(value: &str, rules: TextRules) -> Result<String, TextError> {
    let unified;
    let value = if rules.multiline && value.contains('\r') {
        unified = value.replace("\r\n", "\n").replace('\r', "\n");
        unified.as_str()
    } else {
        value
    };
    let cleaned: String = value.trim().nfc().collect();
    if let Some(c) = cleaned.chars().find(|&c| {
        let allowed = rules.multiline && (c == '\n' || c == '\t');
        (c.is_control() && !allowed) || is_bidi_control(c)
    }) {
        return Err(TextError::ControlCharacter(c));
    }
    if cleaned.is_empty() {
        return if rules.required {
            Err(TextError::Required)
        } else {
            Ok(cleaned)
        };
    }
    let length = cleaned.chars().count();
    if length > rules.max_chars {
        return Err(TextError::TooLong {
            max: rules.max_chars,
            length,
        });
    }
    Ok(cleaned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn katakana_conversion() {
        assert_eq!(to_katakana("かながわ さいせい"), "カナガワ サイセイ");
        assert_eq!(to_katakana("ぁゔゖゝゞ"), "ァヴヶヽヾ");
        assert_eq!(to_katakana("漢字ABCカナー"), "漢字ABCカナー");
        assert_eq!(
            normalize_reading("  ｾﾙｼｰﾄﾞ　かぶしき  "),
            "セルシード カブシキ"
        );
    }

    #[test]
    fn search_key_folds_width_kana_and_case() {
        assert_eq!(search_key("ＡＢＣ　Ｂｉｏ"), "abcbio");
        assert_eq!(search_key("ｾﾙｼｰﾄﾞ"), "セルシード");
        assert_eq!(search_key("せるしーど"), "セルシード");
        assert_eq!(search_key("Regen・Cell (Japan)"), "regencelljapan");
        assert_eq!(search_key("「再生」医療、研究。"), "再生医療研究");
        // ー is kept, so different words stay different.
        assert_ne!(search_key("セルシード"), search_key("セルシド"));
        // A dash after katakana is a mistyped ー; elsewhere it is punctuation.
        assert_eq!(search_key("セルシ-ド"), "セルシード");
        assert_eq!(search_key("セルシ－ド"), "セルシード");
        assert_eq!(search_key("iPS-Cell"), "ipscell");
        // Designators stay in the search key.
        assert_eq!(search_key("㈱セルシード"), "株セルシード");
    }

    #[test]
    fn duplicate_key_strips_japanese_designators() {
        let expected = "セルシード";
        for name in [
            "株式会社セルシード",
            "セルシード株式会社",
            "(株)セルシード",
            "（株）セルシード",
            "㈱セルシード",
            "㍿セルシード",
            "( 株 ) セルシード",
            "ｾﾙｼｰﾄﾞ 株式会社",
            "有限会社セルシード",
            "合同会社 せるしーど",
            "一般社団法人セルシード",
        ] {
            assert_eq!(duplicate_key(name), expected, "{name}");
        }
    }

    #[test]
    fn duplicate_key_strips_trailing_english_designators_only() {
        for name in [
            "CellSeed Inc.",
            "CellSeed, Inc.",
            "CellSeed Inc",
            "CELLSEED CO., LTD.",
            "CellSeed Co.,Ltd.",
            "CellSeed Co.Ltd.",
            "CellSeed K.K.",
            "CellSeed Corporation",
            "ＣｅｌｌＳｅｅｄ　Ｉｎｃ．",
        ] {
            assert_eq!(duplicate_key(name), "cellseed", "{name}");
        }
        // Not a whole word, or not at the end: kept.
        assert_eq!(duplicate_key("Zinc Therapeutics"), "zinctherapeutics");
        assert_eq!(duplicate_key("Inc Bio"), "incbio");
        assert_eq!(duplicate_key("Cosmo Bio"), "cosmobio");
        // A name that is only a designator keeps its key.
        assert_eq!(duplicate_key("株式会社"), "株式会社");
        assert_eq!(duplicate_key("Corporation"), "corporation");
        assert_ne!(duplicate_key("Alpha Inc."), duplicate_key("Beta Inc."));
    }

    #[test]
    fn validate_trims_and_normalises() {
        let rules = TextRules::single_line(10).required();
        assert_eq!(rules.validate("　名前　").as_deref(), Ok("名前"));
        // Decomposed ガ (カ + U+3099) becomes the composed character and counts once.
        assert_eq!(
            validate_text("\u{30AB}\u{3099}", rules).as_deref(),
            Ok("ガ")
        );
        assert_eq!(
            TextRules::single_line(10).validate("   ").as_deref(),
            Ok("")
        );
    }

    #[test]
    fn validate_counts_characters_not_bytes() {
        let rules = TextRules::single_line(3);
        assert_eq!(rules.validate("再生医").as_deref(), Ok("再生医"));
        assert_eq!(
            rules.validate("再生医療"),
            Err(TextError::TooLong { max: 3, length: 4 })
        );
    }

    #[test]
    fn validate_refuses_empty_when_required() {
        let rules = TextRules::single_line(10).required();
        assert_eq!(rules.validate(""), Err(TextError::Required));
        assert_eq!(rules.validate(" \u{3000}\t\n"), Err(TextError::Required));
    }

    #[test]
    fn validate_control_characters_depend_on_multiline() {
        let single = TextRules::single_line(100);
        let multi = TextRules::multi_line(100);
        assert_eq!(
            single.validate("a\nb"),
            Err(TextError::ControlCharacter('\n'))
        );
        assert_eq!(
            single.validate("a\tb"),
            Err(TextError::ControlCharacter('\t'))
        );
        assert_eq!(multi.validate("a\nb\tc").as_deref(), Ok("a\nb\tc"));
        assert_eq!(multi.validate("a\r\nb\rc").as_deref(), Ok("a\nb\nc"));
        assert_eq!(
            multi.validate("a\u{0}b"),
            Err(TextError::ControlCharacter('\0'))
        );
        assert_eq!(
            multi.validate("a\u{7}b"),
            Err(TextError::ControlCharacter('\u{7}'))
        );
        assert_eq!(
            single.validate("abc\u{202E}fed"),
            Err(TextError::ControlCharacter('\u{202E}'))
        );
        // CRLF counts as one character.
        assert_eq!(
            TextRules::multi_line(3).validate("a\r\nb").as_deref(),
            Ok("a\nb")
        );
    }

    #[test]
    fn text_field_errors() {
        let e = TextError::TooLong {
            max: 200,
            length: 201,
        }
        .field_error("name_ja");
        assert_eq!(e.code, "text.too_long");
        assert_eq!(e.param("max"), Some("200"));
        let e = TextError::ControlCharacter('\u{7}').field_error("note");
        assert_eq!(e.param("character"), Some("U+0007"));
        assert_eq!(TextError::Required.field_error("x").code, "text.required");
    }
}
