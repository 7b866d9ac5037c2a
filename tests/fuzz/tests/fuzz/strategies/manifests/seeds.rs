//! The two hand-written manifests (those of the protocol's own tests) that
//! mutations start from.

/// A small manifest: the one in the manifest module's documentation.
pub const SMALL: &str = r#"{
    "id": "dev.annex.grayscale",
    "version": "1.2.3-beta.1",
    "name": "Grayscale",
    "description": "Turns images gray.",
    "capabilities": { "canvas_filter": { "filters": ["grayscale"] } },
    "permissions": [
        { "permission": "canvas.read", "reason": "reads the pixels it filters" },
        { "permission": "canvas.write", "reason": "returns the filtered pixels" }
    ]
}"#;

/// A manifest with every section filled in.
pub const FULL: &str = r#"{
    "id": "dev.annex.dashboard",
    "version": "2.0.0",
    "name": "Dashboard",
    "description": "Charts of your analytics.",
    "authors": ["Ada <ada@example.com>"],
    "license": "MIT",
    "homepage": "https://example.com/dashboard",
    "repository": "https://example.com/dashboard.git",
    "tags": ["charts", "analytics"],
    "category": "data",
    "capabilities": {
        "canvas_filter": { "filters": ["heatmap"] },
        "typography": { "effects": ["shadow"], "fonts": ["Inter"] },
        "animation": { "animations": ["fade"], "easings": ["bounce"] },
        "analytics": {}, "storage": {}, "network": {},
        "custom": ["dashboard.widgets"]
    },
    "features": ["export"],
    "hooks": [
        { "hook": "analytics.pre_process", "priority": "high" },
        { "hook": "custom:shop.checkout", "condition": { "routes": ["/shop/*"], "roles": ["admin"] } }
    ],
    "dependencies": [
        { "id": "dev.annex.analytics", "version": "^1.2", "features": ["percentiles"] },
        { "id": "dev.annex.fonts", "version": "~0.3", "optional": true },
        { "id": "dev.annex.theme", "version": ">=1, <3", "peer": true }
    ],
    "requires": { "host_api": "^0.1", "features": ["jspi"] },
    "permissions": [{ "permission": "storage.read", "reason": "Reads saved layouts." }],
    "config": {
        "refresh_ms": { "type": "integer", "min": 100, "default": 1000 },
        "theme": { "type": "string", "options": ["light", "dark"], "default": "light" },
        "strength": { "type": "number", "min": 0.0, "max": 1.0, "default": 0.5 },
        "live": { "type": "boolean", "default": true }
    },
    "loading": {
        "strategy": "deferred",
        "priority": "low",
        "preload": [{ "routes": ["/analytics/*"], "roles": ["analyst"], "devices": ["desktop"], "min_network": "3g" }],
        "timeouts": { "init_ms": 2000 },
        "retry": { "attempts": 5, "multiplier": 1.5, "jitter": 0.1 },
        "budgets": { "memory_mb": 64 }
    }
}"#;
