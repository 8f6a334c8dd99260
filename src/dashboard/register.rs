//! The DORA register's readiness for the Exposure view: providers with codes, functions
//! assessed, blocking problems (from register.toml and the inventory), and the functions
//! whose RTO is shorter than a vendor's observed p90 time to resolve (per window).

use std::path::{Path, PathBuf};

use super::labels::vendor_key;
use super::vendors::VendorRow;
use crate::inventory::Inventory;
use crate::model::Timestamp;
use crate::register::{self, Readiness};

/// What the dashboard knows about the register.
#[derive(Debug, Clone, PartialEq)]
pub enum RegisterStatus {
    /// No register file where the dashboard looked.
    Missing {
        expected: PathBuf,
    },
    /// The file is there but cannot be read; the first problem says why.
    Unreadable {
        problem: String,
    },
    Ready(Readiness),
}

/// A function whose RTO a vendor's observed p90 time to resolve exceeds.
#[derive(Debug, Clone, PartialEq)]
pub struct RtoGap {
    pub function_id: String,
    pub function: String,
    pub rto_hours: f64,
    pub vendor: String,
    pub p90_ttr_hours: f64,
    /// Resolved incidents behind the p90.
    pub n: u32,
}

/// Reads `path` and assesses it against the inventory.
pub fn status(path: &Path, inventory: &Inventory, now: Timestamp) -> RegisterStatus {
    if !path.exists() {
        return RegisterStatus::Missing {
            expected: path.to_path_buf(),
        };
    }
    match register::file::load(path) {
        Ok(file) => {
            let today = now.format("%Y-%m-%d").to_string();
            let assessment = register::assess(inventory, &file, &today);
            RegisterStatus::Ready(Readiness::of(&assessment))
        }
        Err(problems) => RegisterStatus::Unreadable {
            problem: problems.first().map_or_else(
                || "unreadable".into(),
                |p| register::one_line(&p.to_string()),
            ),
        },
    }
}

/// Functions whose RTO is shorter than the p90 time to resolve of a vendor they use,
/// worst overrun first. Vendors without resolved incidents in the window are unknown,
/// not fine: they make no row.
pub fn rto_gaps(status: Option<&RegisterStatus>, vendors: &[VendorRow]) -> Vec<RtoGap> {
    let Some(RegisterStatus::Ready(readiness)) = status else {
        return Vec::new();
    };
    let mut gaps = Vec::new();
    for f in &readiness.function_rtos {
        for vendor in &f.vendors {
            let key = vendor_key(vendor);
            let Some(stats) = vendors
                .iter()
                .find(|v| vendor_key(&v.vendor) == key)
                .and_then(|v| v.stats.as_ref())
            else {
                continue;
            };
            let Some(p90) = stats.ttr_min.p90 else {
                continue;
            };
            let p90_ttr_hours = p90 / 60.0;
            if p90_ttr_hours > f.rto_hours {
                gaps.push(RtoGap {
                    function_id: f.id.clone(),
                    function: f.name.clone(),
                    rto_hours: f.rto_hours,
                    vendor: vendor.clone(),
                    p90_ttr_hours,
                    n: stats.ttr_min.n,
                });
            }
        }
    }
    gaps.sort_by(|a, b| {
        (b.p90_ttr_hours / b.rto_hours.max(f64::MIN_POSITIVE))
            .total_cmp(&(a.p90_ttr_hours / a.rto_hours.max(f64::MIN_POSITIVE)))
            .then_with(|| a.function_id.cmp(&b.function_id))
    });
    gaps
}
