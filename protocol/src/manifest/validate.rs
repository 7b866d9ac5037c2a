//! The rules serde cannot express. Every broken rule is reported at once,
//! each with the path of the field.

use std::collections::BTreeSet;

use super::limits::{ErrorList, MAX_LIST_ITEMS};
use super::{FieldError, Manifest, ManifestError, PreloadRule};

/// Collects field errors (at most [`super::MAX_FIELD_ERRORS`], then a count).
#[derive(Default)]
struct Problems(ErrorList);

impl Problems {
    fn add(&mut self, path: impl Into<String>, problem: impl Into<String>) {
        self.0.push(|| FieldError::new(path, problem));
    }

    /// A list (or map) of at most [`MAX_LIST_ITEMS`] entries.
    fn count(&mut self, path: &str, len: usize) {
        if len > MAX_LIST_ITEMS {
            self.add(path, format!("has {len} entries; at most {MAX_LIST_ITEMS} are allowed"));
        }
    }

    /// A list of names: each non-empty and listed once; `required` means at least one.
    fn names(&mut self, path: &str, names: &[String], required: bool) {
        self.count(path, names.len());
        if required && names.is_empty() {
            self.add(path, "must list at least one name");
        }
        let mut seen = BTreeSet::new();
        for (i, name) in names.iter().enumerate() {
            if name.trim().is_empty() {
                self.add(format!("{path}[{i}]"), "must not be empty");
            } else if !seen.insert(name) {
                self.add(format!("{path}[{i}]"), format!("`{name}` is listed twice"));
            }
        }
    }

    /// A list of slugs (`a-z`, `0-9`, `-`, 1 to 32 characters), each listed once.
    fn slugs(&mut self, path: &str, slugs: &[String]) {
        self.names(path, slugs, false);
        for (i, slug) in slugs.iter().enumerate() {
            if !slug.is_empty() && !is_slug(slug) {
                self.add(
                    format!("{path}[{i}]"),
                    format!("`{slug}` must be 1 to 32 of a-z, 0-9 and -"),
                );
            }
        }
    }

    fn url(&mut self, path: &str, url: Option<&String>) {
        if let Some(url) = url {
            let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
            if rest.is_none_or(str::is_empty) {
                self.add(path, format!("`{url}` must be an http:// or https:// URL"));
            }
        }
    }

    fn max_chars(&mut self, path: &str, text: Option<&String>, max: usize) {
        if text.is_some_and(|t| t.chars().count() > max) {
            self.add(path, format!("must be at most {max} characters"));
        }
    }
}

fn is_slug(s: &str) -> bool {
    (1..=32).contains(&s.len())
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

impl Manifest {
    /// Checks the rules serde cannot express; reports every broken rule at once.
    pub fn validate(&self) -> Result<(), ManifestError> {
        let mut p = Problems::default();
        self.validate_identity(&mut p);
        self.validate_offers(&mut p);
        self.validate_needs(&mut p);
        self.validate_loading(&mut p);
        if p.0.is_empty() {
            Ok(())
        } else {
            Err(ManifestError::Invalid(p.0.finish()))
        }
    }

    fn validate_identity(&self, p: &mut Problems) {
        if self.name.trim().is_empty() {
            p.add("name", "must not be empty");
        }
        p.max_chars("name", Some(&self.name), 100);
        p.max_chars("description", self.description.as_ref(), 1000);
        p.names("authors", &self.authors, false);
        if self.license.as_ref().is_some_and(|l| l.trim().is_empty()) {
            p.add("license", "must not be empty");
        }
        p.url("homepage", self.homepage.as_ref());
        p.url("repository", self.repository.as_ref());
        if self.tags.len() > 20 {
            p.add("tags", format!("has {} tags; at most 20 are allowed", self.tags.len()));
        }
        p.slugs("tags", &self.tags);
        if let Some(category) = self.category.as_ref().filter(|c| !is_slug(c)) {
            p.add("category", format!("`{category}` must be 1 to 32 of a-z, 0-9 and -"));
        }
    }

    fn validate_offers(&self, p: &mut Problems) {
        let caps = &self.capabilities;
        if caps.is_empty() {
            p.add(
                "capabilities",
                "declares no API family; a plugin must implement at least one (e.g. `canvas_filter`)",
            );
        }
        if let Some(filter) = &caps.canvas_filter {
            p.names("capabilities.canvas_filter.filters", &filter.filters, true);
        }
        if let Some(typography) = &caps.typography {
            p.names("capabilities.typography.effects", &typography.effects, false);
            p.names("capabilities.typography.fonts", &typography.fonts, false);
            if typography.effects.is_empty() && typography.fonts.is_empty() {
                p.add("capabilities.typography", "must list at least one effect or font");
            }
        }
        if let Some(animation) = &caps.animation {
            p.names("capabilities.animation.animations", &animation.animations, true);
            p.names("capabilities.animation.easings", &animation.easings, false);
        }
        p.names("capabilities.custom", &caps.custom, false);
        p.slugs("features", &self.features);
        p.count("hooks", self.hooks.len());
        let mut hooks = BTreeSet::new();
        for (i, sub) in self.hooks.iter().enumerate() {
            if !hooks.insert(&sub.hook) {
                p.add(format!("hooks[{i}].hook"), format!("`{}` is subscribed twice", sub.hook));
            }
            if let Some(condition) = &sub.condition {
                p.count(&format!("hooks[{i}].condition.routes"), condition.routes.len());
                p.names(&format!("hooks[{i}].condition.roles"), &condition.roles, false);
            }
        }
    }

    fn validate_needs(&self, p: &mut Problems) {
        p.count("dependencies", self.dependencies.len());
        let mut ids = BTreeSet::new();
        for (i, dep) in self.dependencies.iter().enumerate() {
            if dep.id == self.id {
                p.add(format!("dependencies[{i}].id"), "a plugin cannot depend on itself");
            } else if !ids.insert(&dep.id) {
                p.add(format!("dependencies[{i}].id"), format!("`{}` is listed twice", dep.id));
            }
            if dep.optional && dep.peer {
                p.add(format!("dependencies[{i}]"), "is both `optional` and `peer`; a peer is never loaded on its behalf, so `optional` means nothing");
            }
            p.slugs(&format!("dependencies[{i}].features"), &dep.features);
        }
        p.slugs("requires.features", &self.requires.features);
        p.count("permissions", self.permissions.len());
        let mut seen = BTreeSet::new();
        for (i, request) in self.permissions.iter().enumerate() {
            if request.reason.trim().is_empty() {
                p.add(
                    format!("permissions[{i}].reason"),
                    format!("must explain why `{}` is needed", request.permission),
                );
            }
            if !seen.insert(&request.permission) {
                p.add(
                    format!("permissions[{i}].permission"),
                    format!("`{}` is requested twice", request.permission),
                );
            }
        }
        p.count("config", self.config.len());
        for (key, field) in &self.config {
            if !is_identifier(key) {
                p.add(
                    format!("config.{key}"),
                    "field names must be lowercase identifiers (a-z, 0-9, _)",
                );
            }
            if let Err(problem) = field.check_definition() {
                p.add(format!("config.{key}"), problem);
            }
        }
    }

    fn validate_loading(&self, p: &mut Problems) {
        let loading = &self.loading;
        p.count("loading.preload", loading.preload.len());
        for (i, rule) in loading.preload.iter().enumerate() {
            check_rule(p, &format!("loading.preload[{i}]"), rule);
        }
        let t = &loading.timeouts;
        for (name, ms) in [
            ("fetch_ms", t.fetch_ms),
            ("compile_ms", t.compile_ms),
            ("init_ms", t.init_ms),
            ("call_ms", t.call_ms),
        ] {
            if ms == 0 {
                p.add(format!("loading.timeouts.{name}"), "must be greater than 0");
            }
        }
        let r = &loading.retry;
        if !(1..=10).contains(&r.attempts) {
            p.add("loading.retry.attempts", "must be between 1 and 10");
        }
        if r.initial_backoff_ms > r.max_backoff_ms {
            p.add("loading.retry.initial_backoff_ms", "must not exceed `max_backoff_ms`");
        }
        if !(r.multiplier >= 1.0 && r.multiplier <= 10.0) {
            p.add("loading.retry.multiplier", "must be between 1 and 10");
        }
        if !(0.0..=1.0).contains(&r.jitter) {
            p.add("loading.retry.jitter", "must be between 0 and 1");
        }
        let b = &loading.budgets;
        for (name, value) in [
            ("memory_mb", b.memory_mb),
            ("storage_kb", b.storage_kb),
            ("requests_per_minute", b.requests_per_minute),
        ] {
            if value == Some(0) {
                p.add(
                    format!("loading.budgets.{name}"),
                    "must be greater than 0 (leave it out for the host's limit)",
                );
            }
        }
        if b.memory_mb.is_some_and(|mb| mb > 4096) {
            p.add(
                "loading.budgets.memory_mb",
                "must be at most 4096 (a wasm32 memory cannot be larger)",
            );
        }
    }
}

fn check_rule(p: &mut Problems, path: &str, rule: &PreloadRule) {
    if rule.is_empty() {
        p.add(
            path,
            "has no condition, so it would always match; use `strategy = \"eager\"` instead",
        );
    }
    p.count(&format!("{path}.routes"), rule.routes.len());
    p.count(&format!("{path}.devices"), rule.devices.len());
    p.names(&format!("{path}.roles"), &rule.roles, false);
}
