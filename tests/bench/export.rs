//! The export half of `cargo xtask bench`: 1,000 entries to each export format, timed `reps`
//! times (first argument, default 20) after two warm-up runs, printed as one JSON object
//! `{"<format id>": {"p50": ms, "p95": ms, "n": reps, "encrypted": bool, "bytes": size}}`.
//! It times; it asserts nothing about speed.

use app_password_guide::export::{export, ExportEntry, Format, Options};
use std::time::Instant;

/// A password of Apple's shape, different for each entry.
fn password(i: usize) -> String {
    let letters: Vec<char> = (0..16).map(|k| (b'a' + ((i * 7 + k * 11) % 26) as u8) as char).collect();
    letters.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

fn main() {
    let reps: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(20);
    let entries: Vec<ExportEntry> = (0..1000)
        .map(|i| ExportEntry {
            label: format!("App {i}"),
            account: Some(format!("user{i}@icloud.com")),
            password: password(i),
            created: format!("2026-{:02}-{:02}T10:{:02}:00Z", i % 12 + 1, i % 28 + 1, i % 60),
            preset: (i % 3 == 0).then(|| "thunderbird".to_string()),
        })
        .collect();
    let options = Options {
        formula_prefix: true,
        passphrase: Some("correct horse battery staple".into()),
        now: "2026-11-24T12:00:00Z".into(),
        ..Default::default()
    };
    let mut fields = Vec::new();
    for format in Format::ALL {
        let format = *format;
        let mut ms = Vec::new();
        let mut bytes = 0;
        let mut refused = None;
        for i in 0..reps + 2 {
            let start = Instant::now();
            let out = export(format, &entries, &options);
            let elapsed = start.elapsed().as_secs_f64() * 1000.0;
            match out {
                Ok(out) => bytes = out.len(),
                // A format whose importer cannot take 1,000 entries (Chrome's 150 KB): the
                // writer refuses, and the figure is null with the writer's reason.
                Err(e) => refused = Some(e.to_string()),
            }
            if i >= 2 {
                ms.push(elapsed);
            }
        }
        ms.sort_by(|a, b| a.total_cmp(b));
        let at = |p: f64| ms[((p / 100.0 * ms.len() as f64).ceil() as usize).clamp(1, ms.len()) - 1];
        if let Some(reason) = refused {
            fields.push(format!(
                "\"{}\": {{\"value\": null, \"reason\": {:?}, \"refused_after_ms_p50\": {:.3}}}",
                format.id(),
                reason.replace('"', "'"),
                at(50.0)
            ));
            continue;
        }
        fields.push(format!(
            "\"{}\": {{\"p50\": {:.3}, \"p95\": {:.3}, \"n\": {}, \"encrypted\": {}, \"bytes\": {bytes}}}",
            format.id(),
            at(50.0),
            at(95.0),
            ms.len(),
            format.is_encrypted()
        ));
    }
    println!("{{{}}}", fields.join(", "));
}
