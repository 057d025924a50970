//! `openlance-loadgen chart TSV [--svg FILE] [--json FILE]`: prints the benchmark table
//! `tools/bench.sh` collected (columns `engine scenario tool rate unit p50_ms p99_ms errors
//! ceiling ratio note`, tab-separated, with a header line), writes it as JSON, and draws
//! each scenario's rate as a ratio to the ceiling's matching request, one bar per engine,
//! as a hand-written SVG on a logarithmic axis (lines at 1× — the ceiling — and at the
//! 0.8× goal).

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Parser;
use serde_json::{Map, Value};

#[derive(Parser)]
#[command(
    name = "openlance-loadgen chart",
    about = "Print the benchmark table; write it as JSON and SVG"
)]
struct Args {
    /// The table, tab-separated, with a header line.
    tsv: PathBuf,
    /// Where to write the chart.
    #[arg(long)]
    svg: Option<PathBuf>,
    /// Where to write the table as JSON (an array of rows).
    #[arg(long)]
    json: Option<PathBuf>,
}

struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn parse(text: &str) -> anyhow::Result<Self> {
        let mut lines = text.lines().filter(|l| !l.trim().is_empty());
        let header: Vec<String> = lines
            .next()
            .context("the table is empty")?
            .split('\t')
            .map(str::to_string)
            .collect();
        for needed in ["engine", "scenario", "ratio"] {
            if !header.iter().any(|h| h == needed) {
                bail!("the table has no {needed} column");
            }
        }
        let rows = lines
            .map(|l| {
                let mut cells: Vec<String> = l.split('\t').map(str::to_string).collect();
                cells.resize(header.len(), String::new());
                cells
            })
            .collect();
        Ok(Self { header, rows })
    }

    fn column(&self, name: &str) -> usize {
        self.header.iter().position(|h| h == name).unwrap_or(0)
    }

    fn print(&self) -> String {
        let widths: Vec<usize> = (0..self.header.len())
            .map(|c| {
                self.rows
                    .iter()
                    .map(|r| r[c].chars().count())
                    .chain([self.header[c].len()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        for row in std::iter::once(&self.header).chain(&self.rows) {
            let line: Vec<String> = row
                .iter()
                .zip(&widths)
                .enumerate()
                .map(|(c, (cell, &w))| {
                    let numeric = cell.parse::<f64>().is_ok() || cell.ends_with('x');
                    if numeric && c > 1 {
                        format!("{cell:>w$}")
                    } else {
                        format!("{cell:<w$}")
                    }
                })
                .collect();
            let _ = writeln!(out, "{}", line.join("  ").trim_end());
        }
        out
    }

    fn json(&self) -> Value {
        Value::Array(
            self.rows
                .iter()
                .map(|row| {
                    let object: Map<String, Value> = self
                        .header
                        .iter()
                        .zip(row)
                        .map(|(h, cell)| {
                            let value = match cell.trim_end_matches('x').parse::<f64>() {
                                Ok(n) if h != "scenario" && h != "note" => {
                                    serde_json::Number::from_f64(n)
                                        .map_or(Value::Null, Value::Number)
                                }
                                _ if cell.is_empty() || cell == "-" => Value::Null,
                                _ => Value::String(cell.clone()),
                            };
                            (h.clone(), value)
                        })
                        .collect();
                    Value::Object(object)
                })
                .collect(),
        )
    }

    /// `(scenario, [(engine, ratio)])` in the table's order, for rows that have a ratio.
    fn ratios(&self) -> Vec<(String, Vec<(String, f64)>)> {
        let (e, s, r) = (
            self.column("engine"),
            self.column("scenario"),
            self.column("ratio"),
        );
        let mut groups: Vec<(String, Vec<(String, f64)>)> = Vec::new();
        for row in &self.rows {
            let Ok(ratio) = row[r].trim_end_matches('x').parse::<f64>() else {
                continue;
            };
            match groups.iter_mut().find(|(name, _)| *name == row[s]) {
                Some((_, bars)) => bars.push((row[e].clone(), ratio)),
                None => groups.push((row[s].clone(), vec![(row[e].clone(), ratio)])),
            }
        }
        groups
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

const COLOURS: [&str; 4] = ["#4c78a8", "#f58518", "#54a24b", "#b279a2"];

fn svg(groups: &[(String, Vec<(String, f64)>)]) -> String {
    let mut engines: Vec<&str> = Vec::new();
    for (_, bars) in groups {
        for (engine, _) in bars {
            if !engines.contains(&engine.as_str()) {
                engines.push(engine);
            }
        }
    }
    let (left, right, top, bar, gap) = (150.0, 60.0, 58.0, 14.0, 10.0);
    let width = 760.0;
    let plot = width - left - right;
    // A logarithmic axis: ratios from a fifth of the ceiling to many times it stay readable.
    let lowest = groups
        .iter()
        .flat_map(|(_, b)| b.iter().map(|(_, r)| *r))
        .fold(0.1_f64, f64::min);
    let low = (lowest * 0.8).clamp(0.001, 0.1);
    let high = groups
        .iter()
        .flat_map(|(_, b)| b.iter().map(|(_, r)| *r))
        .fold(2.0_f64, f64::max)
        * 1.3;
    let x = |ratio: f64| left + plot * (ratio.max(low) / low).log10() / (high / low).log10();
    let group_height = bar * engines.len().max(1) as f64 + gap;
    let height = top + group_height * groups.len() as f64 + 30.0;
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(out, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(
        out,
        r#"<text x="{left}" y="18" font-size="14" font-weight="bold">Rate ÷ the ceiling's matching request (same engine, same run; log scale)</text>"#
    );
    for (i, engine) in engines.iter().enumerate() {
        let lx = left + i as f64 * 110.0;
        let colour = COLOURS[i % COLOURS.len()];
        let _ = writeln!(
            out,
            r#"<rect x="{lx}" y="28" width="12" height="12" fill="{colour}"/><text x="{}" y="38">{}</text>"#,
            lx + 16.0,
            escape(engine)
        );
    }
    let bottom = height - 24.0;
    let ticks = [
        0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0,
        100.0,
    ];
    for tick in ticks {
        if tick < low {
            continue;
        }
        if tick > high {
            break;
        }
        let tx = x(tick);
        let _ = writeln!(
            out,
            r##"<line x1="{tx:.1}" y1="{}" x2="{tx:.1}" y2="{bottom}" stroke="#ddd"/><text x="{tx:.1}" y="{}" text-anchor="middle" fill="#666">{tick}×</text>"##,
            top - 6.0,
            bottom + 14.0
        );
    }
    for (ratio, label, dash) in [
        (1.0, "ceiling", ""),
        (0.8, "goal 0.8×", r#" stroke-dasharray="4 3""#),
    ] {
        let lx = x(ratio);
        let anchor = if ratio < 1.0 { "end" } else { "start" };
        let _ = writeln!(
            out,
            r##"<line x1="{lx:.1}" y1="{}" x2="{lx:.1}" y2="{bottom}" stroke="#444"{dash}/><text x="{lx:.1}" y="{}" text-anchor="{anchor}" fill="#444">{label}</text>"##,
            top - 6.0,
            top - 9.0
        );
    }
    for (g, (scenario, bars)) in groups.iter().enumerate() {
        let gy = top + g as f64 * group_height;
        let _ = writeln!(
            out,
            r#"<text x="{}" y="{:.1}" text-anchor="end">{}</text>"#,
            left - 8.0,
            gy + group_height / 2.0,
            escape(scenario)
        );
        for (engine, ratio) in bars {
            let slot = engines.iter().position(|e| e == engine).unwrap_or(0);
            let y = gy + slot as f64 * bar;
            let colour = COLOURS[slot % COLOURS.len()];
            let _ = writeln!(
                out,
                r#"<rect x="{left}" y="{y:.1}" width="{:.1}" height="{:.1}" fill="{colour}"/><text x="{:.1}" y="{:.1}">{ratio:.2}×</text>"#,
                (x(*ratio) - left).max(0.5),
                bar - 2.0,
                x(*ratio) + 4.0,
                y + bar - 4.0
            );
        }
    }
    out.push_str("</svg>\n");
    out
}

pub fn main(args: &[String]) -> anyhow::Result<()> {
    let args = Args::parse_from(std::iter::once("chart".to_string()).chain(args.iter().cloned()));
    let text = std::fs::read_to_string(&args.tsv)
        .with_context(|| format!("reading {}", args.tsv.display()))?;
    let table = Table::parse(&text)?;
    print!("{}", table.print());
    if let Some(path) = &args.json {
        let json = serde_json::to_string_pretty(&table.json())?;
        std::fs::write(path, json + "\n").with_context(|| format!("writing {}", path.display()))?;
    }
    if let Some(path) = &args.svg {
        std::fs::write(path, svg(&table.ratios()))
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TSV: &str =
        "engine\tscenario\ttool\trate\tunit\tp50_ms\tp99_ms\terrors\tceiling\tratio\tnote
sqlite\tceiling get\twrk\t25000\treq/s\t2.4\t3.7\t0\t-\t-\t
sqlite\tjob-read\twrk\t20000\treq/s\t3.0\t5.0\t0\tget\t0.80x\t
sqlite\tworkup\tgoose\t4.2\tjourneys/s\t900\t1500\t0\t-\t-\t
postgres\tjob-read\twrk\t9000\treq/s\t7.0\t11.0\t0\tget\t0.60x\t
sqlite\tmemory: idle\t/proc\t21\tMiB\t-\t-\t-\t-\t-\t
";

    #[test]
    fn ratios_group_by_scenario_with_one_bar_per_engine() {
        let table = Table::parse(TSV).unwrap();
        assert_eq!(
            table.ratios(),
            [(
                "job-read".to_string(),
                vec![("sqlite".to_string(), 0.8), ("postgres".to_string(), 0.6)]
            )]
        );
        let svg = svg(&table.ratios());
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("0.80×") && svg.contains("0.60×"));
        assert!(svg.contains(">job-read</text>"));
    }

    #[test]
    fn json_rows_have_numbers_and_nulls_where_the_table_has_them() {
        let table = Table::parse(TSV).unwrap();
        let json = table.json();
        assert_eq!(json[1]["ratio"], 0.8);
        assert_eq!(json[1]["rate"], 20000.0);
        assert_eq!(json[0]["ratio"], Value::Null);
        assert_eq!(json[2]["unit"], "journeys/s");
        assert_eq!(json[4]["p50_ms"], Value::Null);
    }

    #[test]
    fn the_printed_table_aligns_its_columns() {
        let printed = Table::parse(TSV).unwrap().print();
        let lines: Vec<&str> = printed.lines().collect();
        assert_eq!(lines.len(), 6);
        assert!(lines[0].starts_with("engine    scenario"));
        let at = |l: &str| l.find("req/s");
        assert_eq!(at(lines[2]), at(lines[4]));
    }
}
