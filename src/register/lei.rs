//! ISO 17442 Legal Entity Identifiers: 18 alphanumeric characters then two check digits
//! computed with ISO 7064 MOD 97-10 (letters count as 10..35, as in IBANs). planb only
//! checks identifiers; it never makes one up.

/// Why a text is not a valid LEI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeiError {
    Length(usize),
    /// 1-based position of a character outside 0-9 and A-Z.
    Character(usize),
    /// The last two characters must be digits.
    CheckNotDigits,
    /// The MOD 97-10 remainder was not 1.
    CheckDigits,
}

impl std::fmt::Display for LeiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Length(n) => write!(f, "an LEI has 20 characters, this has {n}"),
            Self::Character(at) => write!(
                f,
                "character {at} is not a digit or an uppercase letter A-Z"
            ),
            Self::CheckNotDigits => f.write_str("the last two characters (check digits) must be digits"),
            Self::CheckDigits => f.write_str(
                "the check digits do not match (ISO 17442 / ISO 7064 MOD 97-10): a typo, or not an LEI",
            ),
        }
    }
}

/// Checks an LEI's shape and check digits.
pub fn check(lei: &str) -> Result<(), LeiError> {
    let count = lei.chars().count();
    if count != 20 {
        return Err(LeiError::Length(count));
    }
    if let Some(at) = lei
        .chars()
        .position(|c| !(c.is_ascii_digit() || c.is_ascii_uppercase()))
    {
        return Err(LeiError::Character(at + 1));
    }
    if !lei[18..].chars().all(|c| c.is_ascii_digit()) {
        return Err(LeiError::CheckNotDigits);
    }
    if mod97(lei) == 1 {
        Ok(())
    } else {
        Err(LeiError::CheckDigits)
    }
}

/// The two check digits for an 18-character base (digits and uppercase letters), or
/// `None` when the base is not one. Used by tests to make well-formed fictional codes.
pub fn check_digits(base: &str) -> Option<String> {
    let ok = base.len() == 18
        && base
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase());
    ok.then(|| format!("{:02}", 98 - mod97(&format!("{base}00"))))
}

/// The remainder mod 97 of the number spelt by `text`, letters expanded to 10..35.
fn mod97(text: &str) -> u32 {
    text.chars().fold(0u32, |rest, c| {
        let value = c.to_digit(36).unwrap_or(0);
        if value >= 10 {
            (rest * 100 + value) % 97
        } else {
            (rest * 10 + value) % 97
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_real_leis_pass() {
        // Published GLEIF records (public data): GLEIF itself, and Deutsche Bank AG.
        for lei in ["506700GE1G29325QX363", "7LTWFZYICNSX8D621K86"] {
            assert_eq!(check(lei), Ok(()), "{lei}");
        }
    }

    #[test]
    fn one_changed_character_fails() {
        assert_eq!(check("506700GE1G29325QX364"), Err(LeiError::CheckDigits));
        assert_eq!(check("506700GE1G29325QY363"), Err(LeiError::CheckDigits));
        // Two adjacent characters swapped: MOD 97-10 catches transpositions.
        assert_eq!(check("506700GE1G29325XQ363"), Err(LeiError::CheckDigits));
    }

    #[test]
    fn shape_errors_are_named() {
        assert_eq!(check("506700GE1G29325QX36"), Err(LeiError::Length(19)));
        assert_eq!(check("506700ge1G29325QX363"), Err(LeiError::Character(7)));
        assert_eq!(check("506700GE1G29325QX3AB"), Err(LeiError::CheckNotDigits));
        assert_eq!(check(""), Err(LeiError::Length(0)));
    }

    #[test]
    fn computed_check_digits_validate() {
        let base = "PLNB00FICTION00001";
        let digits = check_digits(base).expect("base");
        assert_eq!(check(&format!("{base}{digits}")), Ok(()));
        assert_eq!(check_digits("506700GE1G29325QX3").as_deref(), Some("63"));
        assert_eq!(check_digits("short"), None);
    }
}
