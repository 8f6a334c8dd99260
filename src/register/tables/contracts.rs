//! The contract tables: B_02.01 (one row per `[[contract]]`), B_02.02 (contract ×
//! function × service type, from the inventory's uses), and the link tables B_03.01,
//! B_03.02 and B_04.01 (who signs, who provides, who uses).

use std::collections::HashMap;

use super::cells::{Need, RowBuilder, Source};
use super::schema::{B_02_01, B_02_02, B_03_01, B_03_02, B_04_01};
use super::{Ctx, Table, contract_entry, function_entry, is_critical, provider_entry};
use crate::register::link::{Reliance, contract_label};
use crate::register::problem::Problem;

pub(super) fn build(ctx: &Ctx, problems: &mut Vec<Problem>) -> Vec<Table> {
    let register = ctx.linked.register;
    let mut b_02_01 = Table::new(&B_02_01);
    let mut b_03_01 = Table::new(&B_03_01);
    let mut b_03_02 = Table::new(&B_03_02);
    let mut b_04_01 = Table::new(&B_04_01);
    let e = &ctx.entity;
    for (i, c) in register.contracts.iter().enumerate() {
        let entry = contract_entry(c);
        let reference = Source {
            field: &c.reference,
            key: "ref",
            entry: &entry,
        };
        let label = contract_label(c.reference.value(), c.line);
        let mut row = RowBuilder::new(&B_02_01, label.clone(), ctx.register_path(), problems);
        row.text(&reference, Need::Key)
            .derived(
                "eba_CO:x1",
                ctx.register_fix(
                    c.line,
                    "planb files every contract as standalone (eba_CO:x1)",
                ),
            )
            .blank(ctx.register_fix(c.line, "no overarching arrangement"))
            .currency(&ctx.entity_source(&e.currency, "currency"), Need::Mandatory)
            .number(
                &Source {
                    field: &c.annual_cost,
                    key: "annual_cost",
                    entry: &entry,
                },
                Need::Mandatory,
                false,
            );
        b_02_01.rows.push(row.finish());
        for table in [&mut b_03_01, &mut b_04_01] {
            let mut row =
                RowBuilder::new(table.schema, label.clone(), ctx.register_path(), problems);
            row.text(&reference, Need::Key)
                .lei(&ctx.entity_source(&e.lei, "lei"), Need::Key);
            table.rows.push(row.finish());
        }
        if let Some(p) = ctx.linked.contract_providers[i] {
            let provider = &register.providers[p];
            let provider_entry = provider_entry(provider);
            let mut row = RowBuilder::new(&B_03_02, label.clone(), ctx.register_path(), problems);
            row.text(&reference, Need::Key).provider_id(
                &provider.code,
                &provider.code_type,
                &provider_entry,
                Need::Key,
            );
            b_03_02.rows.push(row.finish());
        }
    }
    vec![b_02_01, b_02_02(ctx, problems), b_03_01, b_03_02, b_04_01]
}

/// One row per use joined to its contract, provider and function; uses that land on
/// the same key (two services of one vendor for one function) are one row, at the
/// highest reliance among them.
fn b_02_02(ctx: &Ctx, problems: &mut Vec<Problem>) -> Table {
    let register = ctx.linked.register;
    let e = &ctx.entity;
    let mut table = Table::new(&B_02_02);
    let mut seen: HashMap<Vec<String>, (usize, Reliance)> = HashMap::new();
    for u in &ctx.linked.uses {
        let (Some(ci), Some(pi), Some(fi)) = (u.contract, u.provider, u.function) else {
            continue;
        };
        let c = &register.contracts[ci];
        let p = &register.providers[pi];
        let f = &register.functions[fi];
        let critical = is_critical(ctx, fi);
        let when_critical = if critical {
            Need::Mandatory
        } else {
            Need::Optional
        };
        let entry = contract_entry(c);
        let provider_entry = provider_entry(p);
        let function_entry = function_entry(f);
        let source = |field, key| Source {
            field,
            key,
            entry: &entry,
        };
        let label = format!(
            "{} / {} ({})",
            contract_label(c.reference.value(), c.line),
            u.row.service,
            u.capability
        );
        let mut row = RowBuilder::new(&B_02_02, label, ctx.register_path(), problems);
        row.text(&source(&c.reference, "ref"), Need::Key)
            .lei(&ctx.entity_source(&e.lei, "lei"), Need::Key)
            .provider_id(&p.code, &p.code_type, &provider_entry, Need::Key)
            .text(
                &Source {
                    field: &f.id,
                    key: "id",
                    entry: &function_entry,
                },
                Need::Key,
            )
            .service_type(&u.service_type, u.service_type_fix.clone())
            .date(&source(&c.start, "start"), Need::Mandatory);
        if c.end.is_empty() {
            row.derived(
                "9999-12-31",
                ctx.register_fix(
                    c.end.line,
                    format!("open-ended: 9999-12-31; set `end` in {entry} if it has an end date"),
                ),
            );
        } else {
            row.date(&source(&c.end, "end"), Need::Optional);
        }
        row.blank(ctx.register_fix(c.line, "no termination"))
            .number(&source(&c.notice_days_entity, "notice_days_entity"), when_critical, true)
            .number(&source(&c.notice_days_provider, "notice_days_provider"), when_critical, true)
            .country(&source(&c.governing_law, "governing_law"), when_critical)
            .country(&source(&c.provision_country, "provision_country"), Need::Key)
            .boolean(&source(&c.stores_data, "stores_data"), Need::Mandatory)
            .country(&source(&c.data_location, "data_location"), Need::Key)
            .country(&source(&c.processing_location, "processing_location"), Need::Key)
            .blank(ctx.register_fix(c.line, "planb does not know how sensitive the stored data is"))
            .derived(reliance_code(u.reliance), ctx.inventory_fix(u.row.line, "derived from `fallback` (none: full, manual: material, another vendor's service: low); change the fallback to change it"));
        let row = row.finish();
        let key: Vec<String> = B_02_02
            .unique
            .iter()
            .map(|&i| row.cells[i].value.clone())
            .collect();
        match seen.get_mut(&key) {
            Some((index, reliance)) if u.reliance > *reliance => {
                *reliance = u.reliance;
                table.rows[*index].cells[17] = row.cells[17].clone();
            }
            Some(_) => {}
            None => {
                seen.insert(key, (table.rows.len(), u.reliance));
                table.rows.push(row);
            }
        }
    }
    table
}

fn reliance_code(reliance: Reliance) -> &'static str {
    match reliance {
        Reliance::Low => "eba_ZZ:x795",
        Reliance::Material => "eba_ZZ:x796",
        Reliance::Full => "eba_ZZ:x797",
    }
}
