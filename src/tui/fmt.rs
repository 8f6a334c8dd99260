//! Text formatting for the views: durations, distributions with n, shares, ages, glyphs,
//! sparklines and bars. Unknown is "–", never 0; a sample below `MIN_N` is marked.

use crate::metrics::{Dist, StartBases, StartBasis};
use crate::model::Timestamp;

pub const UNKNOWN: &str = "–";
/// Below this many values a percentile is "too few to judge" (methodology §1.3).
pub const MIN_N: u32 = 10;
/// Appended to n below `MIN_N`; explained in every legend.
pub const FEW: &str = "*";

/// Minutes as "45m", "2h05", "3.2d".
pub fn minutes(value: Option<f64>) -> String {
    match value {
        Some(m) if m.is_finite() && m >= 0.0 => {
            if m < 59.5 {
                format!("{m:.0}m")
            } else if m < 48.0 * 60.0 {
                let total = m.round() as i64;
                format!("{}h{:02}", total / 60, total % 60)
            } else {
                format!("{:.1}d", m / 1440.0)
            }
        }
        _ => UNKNOWN.to_string(),
    }
}

/// "n=45", or "n=7*" when too few to judge.
pub fn n(d: &Dist) -> String {
    if d.n < MIN_N {
        format!("n={}{FEW}", d.n)
    } else {
        format!("n={}", d.n)
    }
}

/// "12m/1h05 n=45": p50/p90 with n; "–" when nothing was measurable.
pub fn p50_p90(d: &Dist) -> String {
    if d.n == 0 {
        UNKNOWN.to_string()
    } else {
        format!("{}/{} {}", minutes(d.p50), minutes(d.p90), n(d))
    }
}

/// p90 alone, marked when n is small.
pub fn p90(d: &Dist) -> String {
    if d.n == 0 {
        UNKNOWN.to_string()
    } else if d.n < MIN_N {
        format!("{}{FEW}", minutes(d.p90))
    } else {
        minutes(d.p90)
    }
}

pub fn percent(share: Option<f64>) -> String {
    match share {
        Some(s) if s.is_finite() && s > 0.0 && s < 0.005 => "<1%".to_string(),
        Some(s) if s.is_finite() => format!("{:.0}%", s * 100.0),
        _ => UNKNOWN.to_string(),
    }
}

pub fn thousands(value: f64) -> String {
    let whole = value.round() as i64;
    let digits = whole.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if whole < 0 { format!("-{out}") } else { out }
}

pub fn time(t: Timestamp) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

pub fn date(t: Timestamp) -> String {
    t.format("%Y-%m-%d").to_string()
}

/// "3h ago", "12d ago" relative to `now` (passed in: no clock here).
pub fn age(t: Option<Timestamp>, now: Timestamp) -> String {
    let Some(t) = t else {
        return "never".to_string();
    };
    let mins = (now - t).num_minutes();
    match mins {
        m if m < 0 => "just now".to_string(),
        m if m < 60 => format!("{m}m ago"),
        m if m < 48 * 60 => format!("{}h ago", m / 60),
        m => format!("{}d ago", m / 1440),
    }
}

/// A glyph per impact so severity never rests on colour alone.
pub fn impact_glyph(impact: &str) -> &'static str {
    match impact {
        "critical" => "◆",
        "major" => "▲",
        "minor" => "•",
        "maintenance" => "○",
        _ => "·",
    }
}

/// The glyph and the impact's name; a vendor's own impact value is vendor text, so it is
/// cleaned of escape sequences and controls, kept to one line, and cut at 24 characters.
pub fn impact(impact: &str) -> String {
    let head: String = impact.chars().take(256).collect();
    let name = crate::model::sanitize_text(&head).replace(['\n', '\t'], " ");
    format!("{} {}", impact_glyph(impact), clip(name.trim(), 24))
}

/// One character per value; "·" for zero so an empty month still shows, and a blank for
/// the first `skip` values (outside the window: not counted, so not zero).
pub fn sparkline(values: &[u32], skip: usize) -> String {
    const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = values.iter().copied().max().unwrap_or(0);
    values
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            if i < skip {
                ' '
            } else if v == 0 || max == 0 {
                '·'
            } else {
                LEVELS[((v as usize * 8).div_ceil(max as usize)).clamp(1, 8) - 1]
            }
        })
        .collect()
}

/// A horizontal bar of `width` cells for `value` out of `max`, in eighths.
pub fn bar(value: f64, max: f64, width: usize) -> String {
    const PARTS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    if !(max > 0.0 && value > 0.0) {
        return String::new();
    }
    let eighths = ((value / max).min(1.0) * width as f64 * 8.0).round() as usize;
    let mut out = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        out.push(PARTS[eighths % 8]);
    }
    if out.is_empty() {
        "▏".to_string()
    } else {
        out
    }
}

/// Truncate to `width` characters with an ellipsis.
pub fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else if width == 0 {
        String::new()
    } else {
        let mut out: String = text.chars().take(width - 1).collect();
        out.push('…');
        out
    }
}

/// How a group's impact starts are known: "stated 1% (9) · backdated 0% (0) · none 99%
/// (1,276) of n=1,285 …".
pub fn start_bases(b: &StartBases) -> String {
    let part = |name: &str, basis: StartBasis, count: u32| {
        format!(
            "{name} {} ({})",
            percent(b.share(basis)),
            thousands(f64::from(count))
        )
    };
    format!(
        "{} · {} · {} of n={} (ttfc needs a stated or backdated start)",
        part("stated", StartBasis::Stated, b.stated),
        part("backdated", StartBasis::Backdated, b.backdated),
        part("none", StartBasis::None, b.none),
        thousands(f64::from(b.n()))
    )
}

/// One letter per criticality, for matrix cells.
pub fn crit_letter(c: crate::inventory::Criticality) -> char {
    use crate::inventory::Criticality;
    match c {
        Criticality::Critical => 'C',
        Criticality::High => 'H',
        Criticality::Medium => 'M',
        Criticality::Low => 'L',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_is_a_dash_and_small_samples_are_marked() {
        assert_eq!(minutes(None), "–");
        assert_eq!(minutes(Some(45.0)), "45m");
        assert_eq!(minutes(Some(125.0)), "2h05");
        assert_eq!(minutes(Some(4320.0)), "3.0d");
        let few = Dist {
            n: 7,
            p50: Some(10.0),
            p90: Some(30.0),
            max: Some(40.0),
        };
        assert_eq!(p50_p90(&few), "10m/30m n=7*");
        assert_eq!(p90(&Dist::default()), "–");
        assert_eq!(sparkline(&[0, 1, 8], 0), "·▁█");
        assert_eq!(sparkline(&[0, 0, 8], 2), "  █");
        assert_eq!(thousands(1234567.0), "1,234,567");
    }
}
