//! The function tables: B_06.01 (one row per `[[function]]`, criticality from the
//! user or, when left empty, from the inventory's criticality) and B_07.01 (per contract
//! and service type: substitutability, alternatives and impact, from the fallbacks).

use super::cells::{Need, RowBuilder, Source};
use super::schema::{B_06_01, B_07_01};
use super::{
    Ctx, Table, contract_entry, criticality, function_entry, impact, is_critical, provider_entry,
};
use crate::inventory::Fallback;
use crate::register::codes;
use crate::register::link::{Use, contract_label};
use crate::register::problem::Problem;

pub(super) fn build(ctx: &Ctx, problems: &mut Vec<Problem>) -> Vec<Table> {
    vec![b_06_01(ctx, problems), b_07_01(ctx, problems)]
}

fn b_06_01(ctx: &Ctx, problems: &mut Vec<Problem>) -> Table {
    let mut table = Table::new(&B_06_01);
    for (fi, f) in ctx.linked.register.functions.iter().enumerate() {
        let entry = function_entry(f);
        let source = |field, key| Source {
            field,
            key,
            entry: &entry,
        };
        let label = if f.id.is_empty() {
            format!("function at line {}", f.line)
        } else {
            format!("function {}", f.id.value())
        };
        let critical = is_critical(ctx, fi);
        let when_critical = if critical {
            Need::Mandatory
        } else {
            Need::Optional
        };
        let highest = criticality(ctx, fi);
        let mut row = RowBuilder::new(&B_06_01, label.clone(), ctx.register_path(), problems);
        row.text(&source(&f.id, "id"), Need::Key)
            .field(
                &source(&f.licensed_activity, "licensed_activity"),
                Need::Mandatory,
                " (an eba_TA licensed-activity member, e.g. eba_TA:x1)",
                |t| {
                    codes::member_qname("eba_TA", t).ok_or_else(|| {
                        format!(
                            "`{t}` is not an eba_TA licensed-activity member (x followed by digits)"
                        )
                    })
                },
            )
            .text(&source(&f.name, "name"), Need::Mandatory)
            .lei(&ctx.entity_source(&ctx.entity.lei, "lei"), Need::Key);
        if f.critical.is_empty() {
            let code = match highest {
                Some(_) if critical => "eba_BT:x28",
                Some(_) => "eba_BT:x29",
                None => "eba_BT:x21",
            };
            let fix = ctx.register_fix(
                f.critical.line,
                format!("set `critical` in {entry} to yes, no or not assessed"),
            );
            row.warn(
                match highest {
                    Some(c) => format!("not assessed in register.toml: planb filed {code} from the inventory's `{c}` (critical and high count as critical or important); confirm it"),
                    None => "not assessed, and no inventory row uses this function: filed as not performed".into(),
                },
                fix.clone(),
            );
            row.derived(code, fix);
        } else {
            row.field(
                &source(&f.critical, "critical"),
                Need::Mandatory,
                " (yes, no or not assessed)",
                |t| match t {
                    "yes" => Ok("eba_BT:x28".into()),
                    "no" => Ok("eba_BT:x29".into()),
                    "not assessed" => Ok("eba_BT:x21".into()),
                    _ => Err(format!("`{t}` is not yes, no or not assessed")),
                },
            );
        }
        row.blank(ctx.register_fix(f.line, "planb has no reasons to file"))
            .date(&source(&f.last_assessed, "last_assessed"), Need::Mandatory)
            .number(&source(&f.rto_hours, "rto_hours"), when_critical, false)
            .number(&source(&f.rpo_hours, "rpo_hours"), when_critical, false)
            .derived(impact(highest), ctx.register_fix(f.line, "derived from the highest inventory criticality of the function (critical: high, high: medium, medium and low: low)"));
        table.rows.push(row.finish());
    }
    table
}

/// Substitutability of one use: no fallback is highly complex; a manual workaround or
/// a fallback in the same group medium; another vendor's service easily substitutable.
fn substitutability(u: &Use) -> &'static str {
    match (u.fallback, u.reliance) {
        (Fallback::None, _) => "eba_ZZ:x960",
        (Fallback::Service(_), crate::register::link::Reliance::Low) => "eba_ZZ:x962",
        _ => "eba_ZZ:x961",
    }
}

fn b_07_01(ctx: &Ctx, problems: &mut Vec<Problem>) -> Table {
    let register = ctx.linked.register;
    let mut table = Table::new(&B_07_01);
    for (ci, c) in register.contracts.iter().enumerate() {
        let Some(pi) = ctx.linked.contract_providers[ci] else {
            continue;
        };
        let p = &register.providers[pi];
        let contract_entry = contract_entry(c);
        let provider_entry = provider_entry(p);
        let uses: Vec<&Use> = ctx.linked.uses_of(ci).collect();
        let mut types: Vec<&str> = Vec::new();
        for u in &uses {
            if !types.contains(&u.service_type.as_str()) {
                types.push(&u.service_type);
            }
        }
        for service_type in types {
            let group: Vec<&&Use> = uses
                .iter()
                .filter(|u| u.service_type == service_type)
                .collect();
            // The hardest use to replace decides; its inventory line is where to change it.
            let Some(worst) = group.iter().min_by_key(|u| substitutability(u)) else {
                continue;
            };
            let code = substitutability(worst);
            let alternatives: Vec<String> = group
                .iter()
                .filter_map(|u| match u.fallback {
                    Fallback::Service(s) if u.reliance == crate::register::link::Reliance::Low => {
                        Some(s.name.clone())
                    }
                    Fallback::Service(s) => Some(format!(
                        "{} (same group as {}: goes down with it)",
                        s.name, u.row.vendor
                    )),
                    _ => None,
                })
                .fold(Vec::new(), |mut names, name| {
                    if !names.contains(&name) {
                        names.push(name);
                    }
                    names
                });
            let fallback_fix = ctx.inventory_fix(
                worst.row.line,
                "derived from `fallback` in the inventory; change the fallback to change it",
            );
            let label = format!(
                "{} / {service_type}",
                contract_label(c.reference.value(), c.line)
            );
            let mut row = RowBuilder::new(&B_07_01, label, ctx.register_path(), problems);
            row.text(
                &Source {
                    field: &c.reference,
                    key: "ref",
                    entry: &contract_entry,
                },
                Need::Key,
            )
            .provider_id(&p.code, &p.code_type, &provider_entry, Need::Key)
            .service_type(service_type, worst.service_type_fix.clone())
            .derived(code, fallback_fix.clone())
            .derived(
                if code == "eba_ZZ:x960" {
                    "eba_ZZ:x963"
                } else {
                    ""
                },
                fallback_fix.clone(),
            )
            .blank(ctx.register_fix(c.line, "planb does not know the last audit"))
            .blank(ctx.register_fix(c.line, "planb does not know whether an exit plan exists"))
            .blank(ctx.register_fix(
                c.line,
                "planb does not know whether the service could be reintegrated",
            ))
            .derived(
                impact(group.iter().map(|u| u.criticality).min()),
                fallback_fix.clone(),
            )
            .derived(
                if alternatives.is_empty() {
                    "eba_BT:x29"
                } else {
                    "eba_BT:x28"
                },
                fallback_fix.clone(),
            )
            .derived(alternatives.join("; "), fallback_fix);
            table.rows.push(row.finish());
        }
    }
    table
}
