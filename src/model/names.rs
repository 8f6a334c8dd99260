//! How vendor and host names are compared: one rule for every part of planb.

/// The one rule for telling vendor and host names apart: case and surrounding or repeated
/// whitespace do not count ("Amazon Web Services" is "amazon  web services").
pub fn name_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.extend(word.chars().flat_map(char::to_lowercase));
    }
    key
}

/// Whether two vendor (or host) names name the same one (`name_key`).
pub fn same_name(a: &str, b: &str) -> bool {
    a.split_whitespace()
        .flat_map(|w| w.chars().flat_map(char::to_lowercase).chain([' ']))
        .eq(b
            .split_whitespace()
            .flat_map(|w| w.chars().flat_map(char::to_lowercase).chain([' '])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_and_spacing_do_not_count() {
        assert_eq!(name_key("  Amazon   Web Services "), "amazon web services");
        assert!(same_name("Amazon Web Services", "amazon  web\tservices"));
        assert!(same_name("ÅLAND Cloud", "åland cloud"));
        assert!(!same_name("Atlassian", "Atlassian Inc"));
        assert!(!same_name("AWS", "A WS"));
        assert_eq!(name_key(""), "");
        assert!(same_name("", "  "));
    }
}
