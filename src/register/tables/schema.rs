//! The tables planb writes, their columns (ITS 2024/2956 Annex I, DORA 4.0 module
//! DORA010100), primary keys and foreign keys: what the pre-flight checks rows against.

/// A column: its code (`c0010`, the CSV header) and what it holds.
#[derive(Debug)]
pub struct Column {
    pub code: &'static str,
    pub name: &'static str,
}

const fn col(code: &'static str, name: &'static str) -> Column {
    Column { code, name }
}

/// A foreign key: this table's column points at `table`'s column.
#[derive(Debug)]
pub struct ForeignKey {
    pub column: usize,
    pub table: &'static str,
    pub target: usize,
}

const fn fk(column: usize, table: &'static str, target: usize) -> ForeignKey {
    ForeignKey {
        column,
        table,
        target,
    }
}

#[derive(Debug)]
pub struct Schema {
    /// `B_05.01`: the template code and the filing indicator's template ID.
    pub id: &'static str,
    pub columns: &'static [Column],
    /// Primary-key columns that must not be empty (rule 805).
    pub key: &'static [usize],
    /// Columns that together must be unique (rule 806): the key plus optional parts.
    pub unique: &'static [usize],
    pub foreign: &'static [ForeignKey],
}

impl Schema {
    /// `reports/b_05.01.csv`'s file name.
    pub fn file_name(&self) -> String {
        format!("{}.csv", self.id.to_ascii_lowercase())
    }

    /// `c0010 (identification code of the provider)`.
    pub fn column_label(&self, index: usize) -> String {
        self.columns
            .get(index)
            .map_or_else(String::new, |c| format!("{} ({})", c.code, c.name))
    }
}

pub const B_01_01: Schema = Schema {
    id: "B_01.01",
    columns: &[
        col("c0010", "LEI of the entity maintaining the register"),
        col("c0020", "name of the entity"),
        col("c0030", "country of the entity"),
        col("c0040", "type of entity"),
        col("c0050", "competent authority"),
        col("c0060", "date of the reporting"),
    ],
    key: &[0],
    unique: &[0],
    foreign: &[],
};

pub const B_02_01: Schema = Schema {
    id: "B_02.01",
    columns: &[
        col("c0010", "contractual arrangement reference number"),
        col("c0020", "type of contractual arrangement"),
        col(
            "c0030",
            "overarching contractual arrangement reference number",
        ),
        col("c0040", "currency of the amount reported in c0050"),
        col("c0050", "annual expense or estimated cost"),
    ],
    key: &[0],
    unique: &[0],
    foreign: &[],
};

pub const B_02_02: Schema = Schema {
    id: "B_02.02",
    columns: &[
        col("c0010", "contractual arrangement reference number"),
        col("c0020", "LEI of the entity making use of the ICT service"),
        col(
            "c0030",
            "identification code of the ICT third-party service provider",
        ),
        col("c0040", "type of code"),
        col("c0050", "function identifier"),
        col("c0060", "type of ICT services"),
        col("c0070", "start date of the contractual arrangement"),
        col("c0080", "end date of the contractual arrangement"),
        col("c0090", "reason of the termination or ending"),
        col("c0100", "notice period for the entity"),
        col("c0110", "notice period for the provider"),
        col("c0120", "country of the governing law"),
        col("c0130", "country of provision of the ICT services"),
        col("c0140", "storage of data"),
        col("c0150", "location of the data at rest"),
        col("c0160", "location of management of the data (processing)"),
        col("c0170", "sensitiveness of the data stored"),
        col("c0180", "level of reliance on the ICT service"),
    ],
    key: &[0, 1, 2, 4, 5, 12, 14, 15],
    unique: &[0, 1, 2, 4, 5, 12, 14, 15],
    foreign: &[
        fk(0, "B_02.01", 0),
        fk(1, "B_01.01", 0),
        fk(2, "B_05.01", 0),
        fk(4, "B_06.01", 0),
    ],
};

pub const B_03_01: Schema = Schema {
    id: "B_03.01",
    columns: &[
        col("c0010", "contractual arrangement reference number"),
        col(
            "c0020",
            "LEI of the entity signing the contractual arrangement",
        ),
    ],
    key: &[0, 1],
    unique: &[0, 1],
    foreign: &[fk(0, "B_02.01", 0), fk(1, "B_01.01", 0)],
};

pub const B_03_02: Schema = Schema {
    id: "B_03.02",
    columns: &[
        col("c0010", "contractual arrangement reference number"),
        col(
            "c0020",
            "identification code of the ICT third-party service provider",
        ),
        col("c0030", "type of code"),
    ],
    key: &[0, 1],
    unique: &[0, 1],
    foreign: &[fk(0, "B_02.01", 0), fk(1, "B_05.01", 0)],
};

pub const B_04_01: Schema = Schema {
    id: "B_04.01",
    columns: &[
        col("c0010", "contractual arrangement reference number"),
        col("c0020", "LEI of the entity making use of the ICT services"),
    ],
    key: &[0, 1],
    unique: &[0, 1],
    foreign: &[fk(0, "B_02.01", 0), fk(1, "B_01.01", 0)],
};

pub const B_05_01: Schema = Schema {
    id: "B_05.01",
    columns: &[
        col(
            "c0010",
            "identification code of the ICT third-party service provider",
        ),
        col("c0020", "type of code"),
        col("c0030", "additional identification code"),
        col("c0040", "type of additional code"),
        col("c0050", "legal name"),
        col("c0060", "name in Latin alphabet"),
        col("c0070", "type of person"),
        col("c0080", "country of headquarters"),
        col("c0090", "currency of the amount reported in c0100"),
        col("c0100", "total annual expense or estimated cost"),
        col(
            "c0110",
            "identification code of the ultimate parent undertaking",
        ),
        col("c0120", "type of code of the ultimate parent undertaking"),
    ],
    key: &[0],
    unique: &[0],
    foreign: &[],
};

pub const B_05_02: Schema = Schema {
    id: "B_05.02",
    columns: &[
        col("c0010", "contractual arrangement reference number"),
        col("c0020", "type of ICT services"),
        col(
            "c0030",
            "identification code of the ICT third-party service provider",
        ),
        col("c0040", "type of code"),
        col("c0050", "rank"),
        col(
            "c0060",
            "identification code of the recipient of sub-contracted ICT services",
        ),
        col("c0070", "type of code of the recipient"),
    ],
    key: &[0, 1, 2, 4],
    unique: &[0, 1, 2, 4, 5],
    foreign: &[
        fk(0, "B_02.01", 0),
        fk(2, "B_05.01", 0),
        fk(5, "B_05.01", 0),
    ],
};

pub const B_06_01: Schema = Schema {
    id: "B_06.01",
    columns: &[
        col("c0010", "function identifier"),
        col("c0020", "licensed activity"),
        col("c0030", "function name"),
        col("c0040", "LEI of the financial entity"),
        col("c0050", "criticality or importance assessment"),
        col("c0060", "reasons for criticality or importance"),
        col(
            "c0070",
            "date of the last assessment of criticality or importance",
        ),
        col("c0080", "recovery time objective of the function (hours)"),
        col("c0090", "recovery point objective of the function (hours)"),
        col("c0100", "impact of discontinuing the function"),
    ],
    key: &[0, 3],
    unique: &[0, 3],
    foreign: &[fk(3, "B_01.01", 0)],
};

pub const B_07_01: Schema = Schema {
    id: "B_07.01",
    columns: &[
        col("c0010", "contractual arrangement reference number"),
        col(
            "c0020",
            "identification code of the ICT third-party service provider",
        ),
        col("c0030", "type of code"),
        col("c0040", "type of ICT services"),
        col(
            "c0050",
            "substitutability of the ICT third-party service provider",
        ),
        col("c0060", "reason if not or hardly substitutable"),
        col("c0070", "date of the last audit on the provider"),
        col("c0080", "existence of an exit plan"),
        col(
            "c0090",
            "possibility of reintegration of the contracted ICT service",
        ),
        col("c0100", "impact of discontinuing the ICT services"),
        col("c0110", "alternative providers identified"),
        col(
            "c0120",
            "identification of alternative ICT third-party service providers",
        ),
    ],
    key: &[0, 1, 3],
    unique: &[0, 1, 3],
    foreign: &[fk(0, "B_02.01", 0), fk(1, "B_05.01", 0)],
};

/// The tables planb writes, in filing order.
pub const WRITTEN: [&Schema; 10] = [
    &B_01_01, &B_02_01, &B_02_02, &B_03_01, &B_03_02, &B_04_01, &B_05_01, &B_05_02, &B_06_01,
    &B_07_01,
];

/// Every template of the module, for the filing indicators.
pub const ALL_TEMPLATES: [&str; 15] = [
    "B_01.01", "B_01.02", "B_01.03", "B_02.01", "B_02.02", "B_02.03", "B_03.01", "B_03.02",
    "B_03.03", "B_04.01", "B_05.01", "B_05.02", "B_06.01", "B_07.01", "B_99.01",
];
