//! `planb catalog [list | show SERVICE]`: the services planb knows, compiled into the
//! binary. All catalog text is sanitized before it reaches the terminal.

use std::fmt::Write as _;

use clap::{Args, Subcommand};

use super::Outcome;
use super::inventory::{clean, table};
use crate::inventory::catalog::{Catalog, CatalogService, CtppLink, CtppList};
use crate::inventory::problems::did_you_mean;

#[derive(Debug, Args)]
pub struct CatalogArgs {
    #[command(subcommand)]
    pub action: Option<CatalogAction>,
}

#[derive(Debug, Subcommand)]
pub enum CatalogAction {
    /// Every catalog service: key, name, vendor, status source, hosts, CTPP mark (the default).
    List,
    /// One service in full: aliases, vendor, status page, hosts with evidence, RTO/RPO, capabilities.
    Show {
        /// A catalog key, name or alias (`jira`, `Jira Software`, `JSM`).
        #[arg(value_name = "SERVICE")]
        service: String,
    },
}

pub fn run(args: CatalogArgs) -> anyhow::Result<Outcome> {
    let catalog = Catalog::builtin();
    match args.action.unwrap_or(CatalogAction::List) {
        CatalogAction::List => {
            print!("{}", list(catalog));
            Ok(Outcome::Ok)
        }
        CatalogAction::Show { service } => match catalog.lookup(&service) {
            Some(entry) => {
                print!("{}", show(entry));
                Ok(Outcome::Ok)
            }
            None => {
                let hint = match did_you_mean(&service, catalog.names())
                    .and_then(|name| catalog.lookup(name))
                {
                    Some(near) => format!(" (did you mean `{}`, {}?)", near.key, clean(&near.name)),
                    None => String::new(),
                };
                eprintln!(
                    "error: no service `{}` in the catalog{hint}; `planb catalog list` shows all {} services",
                    clean(&service),
                    catalog.services().len()
                );
                Ok(Outcome::BadInput)
            }
        },
    }
}

fn status_source(s: &CatalogService) -> String {
    match (s.platform, &s.platform_name) {
        (Some(platform), _) => platform.to_string(),
        (None, Some(name)) => format!("{name} (no reader)"),
        (None, None) => "—".into(),
    }
}

/// `AWS EMEA` / `host: AWS EMEA` / `group: IBM`: how the service relates to an
/// ESA-designated critical ICT third-party provider, closest link first.
fn ctpp(s: &CatalogService, long: bool) -> String {
    let list = CtppList::builtin();
    let host = match s.hosts_basis.as_deref() {
        Some("stated") => "host",
        Some("oct-25-outage") => "host (outage evidence only)",
        _ => "host (unconfirmed)",
    };
    let marks: Vec<String> = list
        .marks(s)
        .into_iter()
        .map(|(p, link)| match (link, long) {
            (CtppLink::Provides, false) => p.name.clone(),
            (CtppLink::Host, false) => format!("{host}: {}", p.name),
            (CtppLink::Group, false) => format!("group: {}", p.name),
            (CtppLink::Provides, true) => format!("{} provides it", p.name),
            (CtppLink::Host, true) => format!(
                "runs on a {host} that {} operates ({})",
                p.name,
                p.hosts.join(", ")
            ),
            (CtppLink::Group, true) => {
                format!("its vendor's group ({}) includes {}", s.vendor, p.name)
            }
        })
        .collect();
    if marks.is_empty() || !long {
        return marks.join("; ");
    }
    format!(
        "{} (ESA-designated critical ICT third-party provider, {}; {})",
        marks.join("; "),
        list.designated_on,
        list.basis
    )
}

fn hours(value: Option<f64>) -> String {
    value.map_or_else(|| "—".into(), |h| format!("{h} h"))
}

pub fn list(catalog: &Catalog) -> String {
    let rows: Vec<Vec<String>> = catalog
        .services()
        .iter()
        .map(|s| {
            vec![
                s.key.clone(),
                s.name.clone(),
                s.vendor.clone(),
                status_source(s),
                s.hosts.join("; "),
                hours(s.rto_hours),
                ctpp(s, false),
            ]
        })
        .collect();
    let mut out = format!(
        "{} services in the built-in catalog (`planb catalog show KEY` for details)\n\n",
        rows.len()
    );
    out.push_str(&table(
        &["key", "name", "vendor", "status", "hosts", "rto", "ctpp"],
        &rows,
    ));
    let _ = writeln!(
        out,
        "\n{} of {} services have a status feed planb reads",
        catalog.readable(),
        rows.len()
    );
    out
}

pub fn show(s: &CatalogService) -> String {
    let mut fields: Vec<(&str, String)> = vec![("key", s.key.clone()), ("name", s.name.clone())];
    if !s.aliases.is_empty() {
        fields.push(("aliases", s.aliases.join(", ")));
    }
    fields.push(("vendor", s.vendor.clone()));
    if let Some(note) = &s.parent_note {
        fields.push(("parent note", note.clone()));
    }
    let page = match &s.status_url {
        Some(url) => format!("{url} ({})", status_source(s)),
        None => "—".into(),
    };
    fields.push(("status page", page));
    if let Some(note) = &s.status_note {
        fields.push(("status note", note.clone()));
    }
    let hosts = if s.hosts.is_empty() {
        "unknown".to_string()
    } else {
        s.hosts.join(", ")
    };
    let basis = s
        .hosts_basis
        .as_deref()
        .map_or_else(String::new, |b| format!(" ({b})"));
    fields.push(("hosts", format!("{hosts}{basis}")));
    if let Some(evidence) = &s.hosts_evidence {
        fields.push(("hosts evidence", evidence.clone()));
    }
    fields.push((
        "rto / rpo",
        format!("{} / {}", hours(s.rto_hours), hours(s.rpo_hours)),
    ));
    let designated = ctpp(s, true);
    if !designated.is_empty() {
        fields.push(("ctpp", designated));
    }
    if let Some(date) = &s.end_of_support {
        fields.push(("end of support", date.clone()));
    }
    fields.push((
        "capabilities",
        if s.capabilities.is_empty() {
            "—".into()
        } else {
            s.capabilities.join(", ")
        },
    ));
    if let Some(notes) = &s.notes {
        fields.push(("notes", notes.clone()));
    }
    let width = fields.iter().map(|(k, _)| k.len()).max().unwrap_or(0) + 1;
    let mut out = String::new();
    for (name, value) in fields {
        let _ = writeln!(out, "{:<width$} {}", format!("{name}:"), clean(&value));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_ends_with_the_readable_count() {
        let catalog = Catalog::builtin();
        let out = list(catalog);
        let last = out.lines().last().unwrap_or_default();
        assert_eq!(
            last,
            format!(
                "{} of {} services have a status feed planb reads",
                catalog.readable(),
                catalog.services().len()
            )
        );
        assert!(catalog.readable() >= 75, "{last}");
    }
}
