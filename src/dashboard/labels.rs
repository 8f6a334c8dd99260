//! Source labels (shared with `planb report`) and how vendor names are compared here.

pub use crate::metrics::source_labels as labels;

/// Vendor names are compared by `model::name_key` (inventories and the catalog spell them
/// differently).
pub use crate::model::name_key as vendor_key;
