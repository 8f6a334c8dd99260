//! Code lists the register's cells must come from: ISO 3166 countries, ISO 4217
//! currencies, ITS 2024/2956 Annex III service types, identifier code types, and the
//! EBA qualified names (`eba_GA:DE`, `eba_CU:EUR`, `eba_TA:S19`) they are written as.

/// ISO 3166-1 alpha-2 (249 officially assigned codes).
const COUNTRIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ \
BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ \
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ \
EC EE EG EH ER ES ET FI FJ FK FM FO FR \
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU \
ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ \
LA LB LC LI LK LR LS LT LU LV LY \
MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ \
NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA \
RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ \
TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ \
VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// ISO 4217 currencies in use (no precious metals, test or withdrawn codes).
const CURRENCIES: &str = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD \
BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE \
CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG \
HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR \
LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK \
NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP \
SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI \
UYU UYW UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG";

/// Annex III of ITS 2024/2956: ICT service types S01..S19.
pub const SERVICE_TYPES: [(&str, &str); 19] = [
    ("S01", "ICT project management"),
    ("S02", "ICT development"),
    ("S03", "ICT help desk and first-level support"),
    ("S04", "ICT security management"),
    ("S05", "Provision of data"),
    ("S06", "Data analysis"),
    ("S07", "ICT, facilities and hosting (excluding cloud)"),
    ("S08", "Computation"),
    ("S09", "Non-cloud data storage"),
    ("S10", "Telecom carrier"),
    ("S11", "Network infrastructure"),
    ("S12", "Hardware and physical devices"),
    ("S13", "Software licensing (excluding SaaS)"),
    ("S14", "ICT operation management"),
    ("S15", "ICT consulting"),
    ("S16", "ICT risk management"),
    ("S17", "Cloud services: IaaS"),
    ("S18", "Cloud services: PaaS"),
    ("S19", "Cloud services: SaaS"),
];

/// Identifier types for providers (B_05.01 c0020); all but LEI and EUID carry a
/// country prefix (`DE_VAT`).
const CODE_TYPES: [&str; 6] = ["LEI", "EUID", "CRN", "VAT", "PNR", "NIN"];

/// `eba_GA:qx2007`: the country column does not apply.
pub const NOT_APPLICABLE_COUNTRY: &str = "eba_GA:qx2007";

pub fn is_country(code: &str) -> bool {
    code.len() == 2 && COUNTRIES.split(' ').any(|c| c == code)
}

pub fn is_currency(code: &str) -> bool {
    code.len() == 3 && CURRENCIES.split(' ').any(|c| c == code)
}

pub fn service_type(code: &str) -> Option<&'static str> {
    SERVICE_TYPES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, name)| *name)
}

/// Why a code type is not one of `LEI`, `EUID`, `CC_CRN`, `CC_VAT`, `CC_PNR`, `CC_NIN`.
pub fn check_code_type(text: &str) -> Result<(), String> {
    if text == "LEI" || text == "EUID" {
        return Ok(());
    }
    let expected = "LEI, EUID, or CRN, VAT, PNR or NIN with a country prefix (e.g. DE_VAT)";
    match text.split_once('_') {
        Some((country, kind)) if CODE_TYPES[2..].contains(&kind) => {
            if is_country(country) {
                Ok(())
            } else {
                Err(format!(
                    "`{country}` is not an ISO 3166 country code; expected {expected}"
                ))
            }
        }
        _ if CODE_TYPES[2..].contains(&text) => Err(format!(
            "`{text}` needs the issuing country as a prefix (e.g. DE_{text})"
        )),
        _ => Err(format!("`{text}` is not a code type; expected {expected}")),
    }
}

/// A country as written in the register (`DE`, or `n/a` for "does not apply") as the
/// EBA qualified name; `None` when it is neither.
pub fn country_qname(text: &str) -> Option<String> {
    if is_not_applicable(text) {
        return Some(NOT_APPLICABLE_COUNTRY.to_string());
    }
    is_country(text).then(|| format!("eba_GA:{text}"))
}

/// `n/a` or the EBA member itself (`qx2007`, `eba_GA:qx2007`).
pub fn is_not_applicable(text: &str) -> bool {
    matches!(text, "n/a" | "N/A" | "qx2007" | NOT_APPLICABLE_COUNTRY)
}

pub fn currency_qname(code: &str) -> String {
    format!("eba_CU:{code}")
}

pub fn service_type_qname(code: &str) -> String {
    format!("eba_TA:{code}")
}

/// An EBA member code such as `x212` written with or without its prefix (`eba_CT:x212`):
/// the qualified name, or `None` when the text is not of the shape `x` + digits.
pub fn member_qname(prefix: &str, text: &str) -> Option<String> {
    let bare = text
        .strip_prefix(prefix)
        .and_then(|t| t.strip_prefix(':'))
        .unwrap_or(text);
    let digits = bare.strip_prefix('x')?;
    (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()))
        .then(|| format!("{prefix}:{bare}"))
}

/// A calendar date written `YYYY-MM-DD`.
pub fn is_date(text: &str) -> bool {
    text.len() == 10 && chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_have_their_published_sizes() {
        assert_eq!(COUNTRIES.split(' ').count(), 249);
        let mut seen = std::collections::HashSet::new();
        assert!(COUNTRIES.split(' ').all(|c| c.len() == 2 && seen.insert(c)));
        assert!(
            CURRENCIES
                .split(' ')
                .all(|c| c.len() == 3 && seen.insert(c))
        );
    }

    #[test]
    fn codes_check() {
        assert!(is_country("DE") && !is_country("XX") && !is_country("de"));
        assert!(is_currency("EUR") && !is_currency("EURO") && !is_currency("HRK"));
        assert_eq!(
            country_qname("n/a").as_deref(),
            Some(NOT_APPLICABLE_COUNTRY)
        );
        assert_eq!(country_qname("IE").as_deref(), Some("eba_GA:IE"));
        assert_eq!(service_type("S19"), Some("Cloud services: SaaS"));
        assert_eq!(service_type("S20"), None);
        assert!(check_code_type("LEI").is_ok() && check_code_type("DE_VAT").is_ok());
        assert!(check_code_type("VAT").is_err() && check_code_type("XX_VAT").is_err());
        assert!(check_code_type("DUNS").is_err());
        assert_eq!(
            member_qname("eba_CT", "x212").as_deref(),
            Some("eba_CT:x212")
        );
        assert_eq!(
            member_qname("eba_CT", "eba_CT:x599").as_deref(),
            Some("eba_CT:x599")
        );
        assert_eq!(member_qname("eba_CT", "credit institution"), None);
        assert!(is_date("2025-12-31") && !is_date("2025-02-30") && !is_date("31.12.2025"));
    }
}
