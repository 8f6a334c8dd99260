//! The ESA-designated critical ICT third-party providers (data/ctpp.toml) in the
//! catalog: loaded and matched against the built-in catalog, shown by `planb catalog`.

use planb::inventory::catalog::{Catalog, CtppLink, CtppList};

use super::{planb, text};

fn link(key: &str) -> Option<(String, CtppLink)> {
    let catalog = Catalog::builtin();
    let service = catalog
        .lookup(key)
        .unwrap_or_else(|| panic!("{key} in the catalog"));
    CtppList::builtin()
        .marks(service)
        .first()
        .map(|(p, l)| (p.name.clone(), *l))
}

#[test]
fn the_list_loads_and_marks_providers_hosts_and_groups() {
    let list = CtppList::builtin();
    assert_eq!(
        list.provider.len(),
        19,
        "the 19 providers designated on {}",
        list.designated_on
    );
    assert_eq!(
        link("aws"),
        Some(("Amazon Web Services EMEA".into(), CtppLink::Provides))
    );
    assert_eq!(
        link("microsoft-365"),
        Some(("Microsoft Ireland Operations".into(), CtppLink::Provides))
    );
    assert_eq!(
        link("jira"),
        Some(("Amazon Web Services EMEA".into(), CtppLink::Host)),
        "Jira runs on AWS"
    );
    assert_eq!(link("redhat"), Some(("IBM".into(), CtppLink::Group)));
    assert_eq!(
        link("github").map(|(_, l)| l),
        Some(CtppLink::Host),
        "GitHub runs on Azure; GitHub Inc. is not designated"
    );
    assert_eq!(link("datadog"), None);
    assert_eq!(
        list.for_provider("AWS").map(|(p, l)| (p.name.as_str(), l)),
        Some(("Amazon Web Services EMEA", CtppLink::Host))
    );
}

#[test]
fn a_list_naming_what_the_catalog_lacks_is_refused() {
    let text = "designated_on = \"2025-11-18\"\nbasis = \"test\"\n[[provider]]\nname = \"X\"\nservices = [\"no-such-key\"]\nhosts = [\"Mainframe\"]\n";
    let error = CtppList::parse(text, Catalog::builtin()).expect_err("unknown names");
    assert!(
        error.contains("no-such-key") && error.contains("Mainframe"),
        "{error}"
    );
}

#[test]
fn the_catalog_commands_show_the_marks() {
    let show = planb(&["catalog", "show", "aws"], None);
    assert_eq!(show.status.code(), Some(0));
    let shown = text(&show.stdout);
    assert!(
        shown.contains("ctpp:") && shown.contains("Amazon Web Services EMEA provides it"),
        "{shown}"
    );
    let okta = text(&planb(&["catalog", "show", "okta"], None).stdout);
    assert!(okta.contains("host (unconfirmed)"), "{okta}");
    let list = text(&planb(&["catalog", "list"], None).stdout);
    let header = list.lines().find(|l| l.starts_with("key")).expect("header");
    assert!(header.trim_end().ends_with("ctpp"), "{header}");
    let jira = list.lines().find(|l| l.starts_with("jira ")).expect("jira");
    assert!(
        jira.trim_end().ends_with("host: Amazon Web Services EMEA"),
        "{jira}"
    );
}
