//! Source labels (shared with `planb report`) and how vendor names are compared here.

pub use crate::metrics::source_labels as labels;

/// Vendor names are compared ignoring case (inventories and the catalog spell them differently).
pub fn vendor_key(vendor: &str) -> String {
    vendor.trim().to_lowercase()
}
