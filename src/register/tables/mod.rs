//! The register's tables built from register.toml and the inventory: one file per
//! table group (entity, contracts, providers, functions). Every cell remembers where a
//! person fixes it, so the pre-flight can name table, row, column and place.

mod cells;
mod contracts;
mod entity;
mod functions;
mod providers;
pub mod schema;

use std::path::Path;

use cells::Source;
pub use cells::number;
use schema::Schema;

use super::file::{ContractEntry, Entity, Field, FunctionEntry, ProviderEntry};
use super::link::Linked;
use super::link::contract_label;
use super::problem::{Fix, Problem};
use crate::inventory::Criticality;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub value: String,
    pub fix: Fix,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The row as a person finds it: `provider "Atlassian"`.
    pub label: String,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub schema: &'static Schema,
    pub rows: Vec<Row>,
}

impl Table {
    fn new(schema: &'static Schema) -> Self {
        Self {
            schema,
            rows: Vec::new(),
        }
    }
}

/// Every table planb writes, in filing order, with the problems found filling them.
/// `today` is the reporting date (B_01.01 c0060).
pub fn build(linked: &Linked, today: &str) -> (Vec<Table>, Vec<Problem>) {
    let mut problems = Vec::new();
    let ctx = Ctx::new(linked);
    let mut tables = vec![entity::b_01_01(&ctx, today, &mut problems)];
    // Providers first, so a bad code is reported at its own table (B_05.01) and the
    // contract tables it reaches are listed with it.
    let provider_tables = providers::build(&ctx, &mut problems);
    tables.extend(contracts::build(&ctx, &mut problems));
    tables.extend(provider_tables);
    tables.extend(functions::build(&ctx, &mut problems));
    debug_assert!(
        tables
            .iter()
            .map(|t| t.schema.id)
            .eq(schema::WRITTEN.iter().map(|s| s.id)),
        "tables in filing order"
    );
    (tables, problems)
}

/// What the builders share: the joined data and the entity (an empty one when
/// register.toml has no `[entity]`: its cells then point at line 1).
pub(crate) struct Ctx<'l, 'a> {
    pub linked: &'l Linked<'a>,
    pub entity: Entity,
}

impl<'l, 'a> Ctx<'l, 'a> {
    fn new(linked: &'l Linked<'a>) -> Self {
        let entity = linked.register.entity.clone().unwrap_or_else(|| {
            let empty = Field {
                line: 1,
                ..Field::default()
            };
            Entity {
                line: 1,
                lei: empty.clone(),
                name: empty.clone(),
                country: empty.clone(),
                entity_type: empty.clone(),
                authority: empty.clone(),
                currency: empty.clone(),
                consolidated: empty.clone(),
                ref_date: empty,
            }
        });
        Self { linked, entity }
    }

    fn register_path(&self) -> &'l Path {
        &self.linked.register.path
    }

    fn entity_source<'f>(&'f self, field: &'f Field, key: &'static str) -> Source<'f> {
        Source {
            field,
            key,
            entry: "[entity]",
        }
    }

    /// A fix in the inventory at `line`.
    fn inventory_fix(&self, line: usize, action: impl Into<String>) -> Fix {
        Fix {
            file: self.linked.inventory.path.clone(),
            line,
            action: action.into(),
        }
    }

    /// A fix in register.toml at `line`.
    fn register_fix(&self, line: usize, action: impl Into<String>) -> Fix {
        Fix {
            file: self.linked.register.path.clone(),
            line,
            action: action.into(),
        }
    }
}

/// B_06.01 / B_07.01 c0100: impact of discontinuing, from the highest criticality.
fn impact(criticality: Option<Criticality>) -> &'static str {
    match criticality {
        Some(Criticality::Critical) => "eba_ZZ:x793",
        Some(Criticality::High) => "eba_ZZ:x792",
        Some(Criticality::Medium | Criticality::Low) => "eba_ZZ:x791",
        None => "eba_ZZ:x799",
    }
}

/// `[[contract]] "CA-1"` (or its line when it has no reference yet).
fn contract_entry(c: &ContractEntry) -> String {
    format!(
        "[[contract]] {}",
        contract_label(c.reference.value(), c.line).trim_start_matches("contract ")
    )
}

/// `[[provider]] "Atlassian"`.
fn provider_entry(p: &ProviderEntry) -> String {
    format!("[[provider]] \"{}\"", p.name.value())
}

/// `[[function]] F3` (or its line when it has no id yet).
fn function_entry(f: &FunctionEntry) -> String {
    if f.id.is_empty() {
        format!("[[function]] at line {}", f.line)
    } else {
        format!("[[function]] {}", f.id.value())
    }
}

/// The highest criticality among the inventory rows of function `index`.
fn criticality(ctx: &Ctx, index: usize) -> Option<Criticality> {
    ctx.linked
        .uses
        .iter()
        .filter(|u| u.function == Some(index))
        .map(|u| u.criticality)
        .min()
}

/// Critical or important: `critical = "yes"`, or left empty and critical or high in
/// the inventory.
fn is_critical(ctx: &Ctx, index: usize) -> bool {
    match ctx.linked.register.functions[index].critical.value() {
        "yes" => true,
        "" => matches!(
            criticality(ctx, index),
            Some(Criticality::Critical | Criticality::High)
        ),
        _ => false,
    }
}
