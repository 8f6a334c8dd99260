//! B_01.01: the entity maintaining the register, entirely from register.toml's `[entity]`.

use super::cells::{Need, RowBuilder};
use super::schema::B_01_01;
use super::{Ctx, Table};
use crate::register::codes;
use crate::register::problem::{Problem, Rule, Severity};

pub(super) fn b_01_01(ctx: &Ctx, today: &str, problems: &mut Vec<Problem>) -> Table {
    let e = &ctx.entity;
    if ctx.linked.register.entity.is_none() {
        problems.push(Problem {
            also: Vec::new(),
            severity: Severity::Blocking,
            rule: Rule::EmptyKey,
            table: B_01_01.id,
            row: "the entity".into(),
            column: B_01_01.column_label(0),
            message: "register.toml has no [entity] table".into(),
            fix: ctx.register_fix(
                1,
                "add an [entity] table (`planb register init` writes one)",
            ),
        });
    }
    let mut table = Table::new(&B_01_01);
    let label = if e.name.is_empty() {
        "the entity".to_string()
    } else {
        format!("entity `{}`", e.name.value())
    };
    let mut row = RowBuilder::new(&B_01_01, label, ctx.register_path(), problems);
    row.lei(&ctx.entity_source(&e.lei, "lei"), Need::Key)
        .text(&ctx.entity_source(&e.name, "name"), Need::Mandatory)
        .country(&ctx.entity_source(&e.country, "country"), Need::Mandatory)
        .field(
            &ctx.entity_source(&e.entity_type, "entity_type"),
            Need::Mandatory,
            " (an eba_CT member of ITS 2024/2956, e.g. eba_CT:x599)",
            |t| {
                codes::member_qname("eba_CT", t).ok_or_else(|| {
                    format!(
                        "`{t}` is not an eba_CT member (x followed by digits, e.g. eba_CT:x599)"
                    )
                })
            },
        )
        .text(
            &ctx.entity_source(&e.authority, "authority"),
            Need::Mandatory,
        )
        .derived(
            today,
            ctx.register_fix(e.line, "planb writes the day the package is made"),
        );
    table.rows.push(row.finish());
    table
}
