//! The provider tables: B_05.01 (every provider the filing refers to: contract
//! counterparties and confirmed hosts; one row per identification code) and B_05.02
//! (the supply chain: rank 1 the direct provider, rank 2 the hosts its services run on,
//! received by the direct provider).

use std::collections::HashMap;

use super::cells::{Need, RowBuilder, Source, number};
use super::schema::{B_05_01, B_05_02};
use super::{Ctx, Table, contract_entry, provider_entry};
use crate::model::name_key;
use crate::register::file::ProviderEntry;
use crate::register::link::contract_label;
use crate::register::problem::{Problem, Rule, Severity};

pub(super) fn build(ctx: &Ctx, problems: &mut Vec<Problem>) -> Vec<Table> {
    // B_05.01 reports first: a bad code is a B_05.01 problem the chain rows repeat.
    let mut chain_problems = Vec::new();
    let (b_05_02, hosts) = b_05_02(ctx, &mut chain_problems);
    let b_05_01 = b_05_01(ctx, &hosts, problems);
    problems.extend(chain_problems);
    vec![b_05_01, b_05_02]
}

/// Providers in filing order: contract counterparties, then rank-2 hosts.
fn referenced(ctx: &Ctx, hosts: &[usize]) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for p in ctx.linked.contract_providers.iter().flatten().chain(hosts) {
        if !out.contains(p) {
            out.push(*p);
        }
    }
    out
}

fn b_05_01(ctx: &Ctx, hosts: &[usize], problems: &mut Vec<Problem>) -> Table {
    let register = ctx.linked.register;
    let mut table = Table::new(&B_05_01);
    let mut by_code: HashMap<String, usize> = HashMap::new();
    for pi in referenced(ctx, hosts) {
        let p = &register.providers[pi];
        let entry = provider_entry(p);
        let source = |field, key| Source {
            field,
            key,
            entry: &entry,
        };
        let mut row = RowBuilder::new(
            &B_05_01,
            format!("provider `{}`", p.name.value()),
            ctx.register_path(),
            problems,
        );
        row.code(&source(&p.code, "code"), &p.code_type, Need::Key)
            .code_type(&source(&p.code_type, "code_type"), Need::Mandatory)
            .blank(ctx.register_fix(p.line, "no additional code"))
            .blank(ctx.register_fix(p.line, "no additional code"))
            .text(&source(&p.legal_name, "legal_name"), Need::Mandatory)
            .derived(
                p.name.value(),
                ctx.register_fix(p.name.line, "planb's name for the provider"),
            )
            .derived(
                "eba_CT:x212",
                ctx.register_fix(
                    p.line,
                    "planb files providers as legal persons (eba_CT:x212)",
                ),
            );
        row.country(&source(&p.country, "country"), Need::Mandatory);
        if p.currency.is_empty() {
            row.currency(
                &ctx.entity_source(&ctx.entity.currency, "currency"),
                Need::Mandatory,
            );
        } else {
            row.currency(&source(&p.currency, "currency"), Need::Mandatory);
        }
        match expense(ctx, pi) {
            Some(total) => row.derived(total, ctx.register_fix(p.line, format!("sum of the annual_cost of the provider's contracts; set `annual_cost` in {entry} to give the total"))),
            None => row.number(&source(&p.annual_cost, "annual_cost"), Need::Mandatory, false),
        };
        parent(ctx, &mut row, pi, &entry);
        let row = row.finish();
        let code = row.cells[0].value.clone();
        match by_code.get(&code).filter(|_| !code.is_empty()) {
            Some(&first) => merge(&mut table.rows[first], row, p, problems),
            None => {
                by_code.insert(code, table.rows.len());
                table.rows.push(row);
            }
        }
    }
    table
}

/// The provider's own `annual_cost` when given, else the sum over its contracts when
/// every one of them has a valid amount; `None` sends the cell to the field.
fn expense(ctx: &Ctx, provider: usize) -> Option<String> {
    let register = ctx.linked.register;
    if !register.providers[provider].annual_cost.is_empty() {
        return None;
    }
    let amounts: Vec<f64> = register
        .contracts
        .iter()
        .zip(&ctx.linked.contract_providers)
        .filter(|(_, p)| **p == Some(provider))
        .map(|(c, _)| {
            number(c.annual_cost.value(), false)
                .ok()
                .and_then(|t| t.parse().ok())
        })
        .collect::<Option<Vec<f64>>>()?;
    (!amounts.is_empty()).then(|| format_amount(amounts.iter().sum()))
}

/// An amount without float noise (`1200`, `99.5`).
fn format_amount(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    rounded.to_string()
}

/// c0110/c0120: the user's parent code; else, for a host planb knows the owner of
/// (AWS → Amazon) and that owner is a `[[provider]]` too, the owner's ultimate parent
/// (its parent code, or its own code when it has none).
fn parent(ctx: &Ctx, row: &mut RowBuilder, pi: usize, entry: &str) {
    let register = ctx.linked.register;
    let p = &register.providers[pi];
    let source = |field, key| Source { field, key, entry };
    if !p.parent_code.is_empty() {
        row.code(
            &source(&p.parent_code, "parent_code"),
            &p.parent_code_type,
            Need::Optional,
        )
        .code_type(
            &source(&p.parent_code_type, "parent_code_type"),
            Need::Mandatory,
        );
        return;
    }
    let owner = ctx.linked.groups[pi]
        .as_deref()
        .filter(|g| name_key(g) != name_key(p.name.value()))
        .and_then(|g| {
            register
                .providers
                .iter()
                .find(|o| name_key(o.name.value()) == name_key(g))
        });
    match owner {
        Some(o) => {
            let owner_entry = provider_entry(o);
            let (code, kind, key) = if o.parent_code.is_empty() {
                (&o.code, &o.code_type, "code")
            } else {
                (&o.parent_code, &o.parent_code_type, "parent_code")
            };
            let at = |field, key| Source {
                field,
                key,
                entry: &owner_entry,
            };
            row.code(&at(code, key), kind, Need::Optional).code_type(
                &at(
                    kind,
                    if key == "code" {
                        "code_type"
                    } else {
                        "parent_code_type"
                    },
                ),
                Need::Optional,
            );
        }
        None => {
            row.code(
                &source(&p.parent_code, "parent_code"),
                &p.parent_code_type,
                Need::Optional,
            )
            .code_type(
                &source(&p.parent_code_type, "parent_code_type"),
                Need::Optional,
            );
        }
    }
}

/// Two `[[provider]]`s with one code are one legal entity: one row, amounts added,
/// and anything else they say must agree (rule 806 otherwise).
fn merge(
    first: &mut super::Row,
    other: super::Row,
    p: &ProviderEntry,
    problems: &mut Vec<Problem>,
) {
    for (i, (a, b)) in first.cells.iter().zip(&other.cells).enumerate() {
        if [5, 9].contains(&i) || a.value == b.value || b.value.is_empty() {
            continue;
        }
        problems.push(Problem {
            also: Vec::new(),
            severity: Severity::Blocking,
            rule: Rule::DuplicateKey,
            table: B_05_01.id,
            row: other.label.clone(),
            column: B_05_01.column_label(i),
            message: format!(
                "code `{}` is also the code of {} but this says `{}` where that says `{}`: one code, one legal entity, one row",
                other.cells[0].value, first.label, b.value, a.value
            ),
            fix: b.fix.clone(),
        });
    }
    let sum = [&first.cells[9].value, &other.cells[9].value]
        .iter()
        .map(|v| v.parse::<f64>().ok())
        .collect::<Option<Vec<f64>>>();
    if let Some(values) = sum {
        first.cells[9].value = format_amount(values.iter().sum());
    }
    first.label = format!("{} (also {})", first.label, p.name.value());
}

/// Rank-1 rows per contract and service type, rank-2 rows per confirmed host; returns
/// the host providers it used.
fn b_05_02(ctx: &Ctx, problems: &mut Vec<Problem>) -> (Table, Vec<usize>) {
    let register = ctx.linked.register;
    let mut table = Table::new(&B_05_02);
    let mut hosts_used = Vec::new();
    for (ci, c) in register.contracts.iter().enumerate() {
        let Some(pi) = ctx.linked.contract_providers[ci] else {
            continue;
        };
        let p = &register.providers[pi];
        let contract_entry = contract_entry(c);
        let p_entry = provider_entry(p);
        let uses: Vec<_> = ctx.linked.uses_of(ci).collect();
        let mut types: Vec<(&str, super::Fix)> = Vec::new();
        for u in &uses {
            if !types.iter().any(|(t, _)| *t == u.service_type) {
                types.push((&u.service_type, u.service_type_fix.clone()));
            }
        }
        if types.is_empty() && !c.service_type.is_empty() {
            let code = c.service_type.value().trim_start_matches("eba_TA:");
            types.push((
                code,
                ctx.register_fix(c.service_type.line, "set `service_type` to S01..S19"),
            ));
        }
        let label = contract_label(c.reference.value(), c.line);
        for (service_type, type_fix) in types {
            let mut chain: Vec<(usize, String)> = vec![(pi, "1".into())];
            for u in uses.iter().filter(|u| u.service_type == service_type) {
                for (_, host) in &u.hosts {
                    if let Some(h) = host
                        && !chain.iter().any(|(x, _)| x == h)
                    {
                        chain.push((*h, "2".into()));
                    }
                }
            }
            for (provider, rank) in chain {
                let q = &register.providers[provider];
                let q_entry = provider_entry(q);
                let mut row = RowBuilder::new(
                    &B_05_02,
                    format!(
                        "{label} / {service_type} / rank {rank} `{}`",
                        q.name.value()
                    ),
                    ctx.register_path(),
                    problems,
                );
                row.text(&Source { field: &c.reference, key: "ref", entry: &contract_entry }, Need::Key)
                    .service_type(service_type, type_fix.clone())
                    .provider_id(&q.code, &q.code_type, &q_entry, Need::Key)
                    .derived(rank.clone(), ctx.register_fix(q.line, "rank 1: the contract's provider; rank 2: a host its services run on (inventory `runs_on` or the catalog)"));
                if rank == "1" {
                    row.blank(ctx.register_fix(c.line, "rank 1 has no recipient"))
                        .blank(ctx.register_fix(c.line, "rank 1 has no recipient"));
                } else {
                    hosts_used.push(provider);
                    row.provider_id(&p.code, &p.code_type, &p_entry, Need::Mandatory);
                }
                table.rows.push(row.finish());
            }
        }
    }
    (table, hosts_used)
}
