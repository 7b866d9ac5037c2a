//! Numbers for people.

use crate::metrics::PluginMetrics;

/// `12.3 ms`, or `–` when unknown.
pub(crate) fn millis(ms: Option<f64>) -> String {
    ms.map_or_else(|| "–".to_owned(), |ms| format!("{ms:.1} ms"))
}

/// `64 KiB`, `1.5 MiB`; `–` for 0 (not running).
pub(crate) fn bytes(bytes: u32) -> String {
    match bytes {
        0 => "–".to_owned(),
        b if b < 1 << 20 => format!("{} KiB", b / 1024),
        b => format!("{:.1} MiB", f64::from(b) / f64::from(1 << 20)),
    }
}

/// `3 calls, mean 0.2 ms, last 0.1 ms, 1 failed`.
pub(crate) fn calls(metrics: &PluginMetrics) -> String {
    let stats = metrics.calls;
    if stats.calls == 0 {
        return "none yet".to_owned();
    }
    let mut text = format!(
        "{} call{}, mean {}, last {}",
        stats.calls,
        if stats.calls == 1 { "" } else { "s" },
        millis(stats.mean_ms()),
        millis(Some(stats.last_ms))
    );
    if stats.failures > 0 {
        text.push_str(&format!(", {} failed", stats.failures));
    }
    text
}

/// `2 hits, 1 miss`.
pub(crate) fn cache(metrics: &PluginMetrics) -> String {
    let plural = |n: u32, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{}, {}",
        plural(metrics.cache_hits, "hit", "hits"),
        plural(metrics.cache_misses, "miss", "misses")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(millis(None), "–");
        assert_eq!(millis(Some(12.345)), "12.3 ms");
        assert_eq!(bytes(0), "–");
        assert_eq!(bytes(65536), "64 KiB");
        assert_eq!(bytes(3 << 19), "1.5 MiB");
        let mut m = PluginMetrics::default();
        assert_eq!(calls(&m), "none yet");
        m.calls.calls = 2;
        m.calls.total_ms = 3.0;
        m.calls.last_ms = 1.0;
        m.calls.failures = 1;
        assert_eq!(calls(&m), "2 calls, mean 1.5 ms, last 1.0 ms, 1 failed");
        m.cache_hits = 1;
        assert_eq!(cache(&m), "1 hit, 0 misses");
    }
}
