//! Numbers for people.

use annex_runtime::monitor::PluginMetrics;

use crate::metrics::EventCounts;

/// `12.3 ms`, or `–` when unknown.
pub(crate) fn millis(ms: Option<f64>) -> String {
    ms.map_or_else(|| "–".to_owned(), |ms| format!("{ms:.1} ms"))
}

/// `512 B`, `64 KiB`, `1.5 MiB`.
pub(crate) fn bytes(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1 << 20 => format!("{} KiB", b / 1024),
        b => format!("{:.1} MiB", b as f64 / f64::from(1 << 20)),
    }
}

/// `3 calls, mean 0.2 ms, last 0.1 ms, 1 failed`.
pub(crate) fn calls(metrics: &PluginMetrics) -> String {
    if metrics.calls == 0 {
        return "none yet".to_owned();
    }
    let mut text = format!(
        "{} call{}, mean {}, last {}",
        metrics.calls,
        if metrics.calls == 1 { "" } else { "s" },
        millis(metrics.mean_call_ms),
        millis(metrics.last_call_ms)
    );
    if metrics.failed_calls > 0 {
        text.push_str(&format!(", {} failed", metrics.failed_calls));
    }
    text
}

/// `1.1 MiB of 16.0 MiB`; `–` when not running.
pub(crate) fn memory(metrics: &PluginMetrics) -> String {
    match (metrics.memory_bytes, metrics.memory_max_bytes) {
        (0, _) => "–".to_owned(),
        (used, Some(max)) => format!("{} of {}", bytes(used), bytes(max)),
        (used, None) => bytes(used),
    }
}

/// `12 KiB of 1.0 MiB`; `–` before it is known.
pub(crate) fn storage(metrics: &PluginMetrics) -> String {
    metrics.storage_bytes.map_or_else(
        || "–".to_owned(),
        |used| format!("{} of {}", bytes(used), bytes(metrics.storage_quota_bytes)),
    )
}

/// `2 hits, 1 miss`.
pub(crate) fn cache(counts: &EventCounts) -> String {
    let plural = |n: u32, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{}, {}",
        plural(counts.cache_hits, "hit", "hits"),
        plural(counts.cache_misses, "miss", "misses")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(millis(None), "–");
        assert_eq!(millis(Some(12.345)), "12.3 ms");
        assert_eq!(bytes(512), "512 B");
        assert_eq!(bytes(65536), "64 KiB");
        assert_eq!(bytes(3 << 19), "1.5 MiB");
        let mut m = PluginMetrics::default();
        assert_eq!(calls(&m), "none yet");
        assert_eq!(memory(&m), "–");
        assert_eq!(storage(&m), "–");
        m.calls = 2;
        m.mean_call_ms = Some(1.5);
        m.last_call_ms = Some(1.0);
        m.failed_calls = 1;
        assert_eq!(calls(&m), "2 calls, mean 1.5 ms, last 1.0 ms, 1 failed");
        m.memory_bytes = 1 << 20;
        m.memory_max_bytes = Some(16 << 20);
        assert_eq!(memory(&m), "1.0 MiB of 16.0 MiB");
        m.storage_bytes = Some(2048);
        m.storage_quota_bytes = 1 << 20;
        assert_eq!(storage(&m), "2 KiB of 1.0 MiB");
        let counts = EventCounts { cache_hits: 1, ..EventCounts::default() };
        assert_eq!(cache(&counts), "1 hit, 0 misses");
    }
}
