//! Which plugin provides which font family, and the name each is
//! registered under in `document.fonts`.
//!
//! A plugin's font is never registered under the family it names: a font
//! plugin naming "Arial" would restyle every page text set in Arial. It is
//! registered in Annex's own namespace (`annex-<hash>-<family>`, the hash
//! of the provider's id and the family), which no page uses unless it asks
//! for it ([`crate::PluginHost::font_family`]). Typography requests and
//! drawings keep the family the plugin named; the host maps it whenever it
//! sets a canvas font.
//!
//! One family has one provider: a second plugin naming a family another
//! one provides is refused, so it cannot take over that family's drawings.

use std::cell::RefCell;
use std::collections::BTreeMap;

use annex_protocol::PluginId;
use web_sys::FontFace;

/// The plugin fonts of one host.
#[derive(Debug, Default)]
pub(crate) struct FontBook {
    /// By family, compared without case as CSS does.
    families: RefCell<BTreeMap<String, Provided>>,
}

#[derive(Debug)]
struct Provided {
    provider: PluginId,
    registered: String,
    faces: Vec<FontFace>,
}

impl FontBook {
    /// The name `provider`'s `family` is registered under, reserving the
    /// family for it; refused when another plugin provides it.
    pub(crate) fn claim(&self, provider: &PluginId, family: &str) -> Result<String, String> {
        let mut families = self.families.borrow_mut();
        let entry = families.entry(key(family)).or_insert_with(|| Provided {
            provider: provider.clone(),
            registered: registered_name(provider, family),
            faces: Vec::new(),
        });
        if &entry.provider != provider {
            return Err(format!(
                "the font family `{family}` is already provided by plugin {}",
                entry.provider
            ));
        }
        Ok(entry.registered.clone())
    }

    /// Keeps `face` (added to `document.fonts`) to remove it with its provider.
    pub(crate) fn keep(&self, family: &str, face: FontFace) {
        if let Some(entry) = self.families.borrow_mut().get_mut(&key(family)) {
            entry.faces.push(face);
        }
    }

    /// The registered name of a family a plugin provides.
    pub(crate) fn resolve(&self, family: &str) -> Option<String> {
        self.families.borrow().get(&key(family)).map(|p| p.registered.clone())
    }

    /// Removes `provider`'s faces from `document.fonts` and frees its families.
    pub(crate) fn release(&self, provider: &PluginId) {
        let mut families = self.families.borrow_mut();
        let fonts = web_sys::window().and_then(|w| w.document()).map(|d| d.fonts());
        families.retain(|_, provided| {
            if &provided.provider != provider {
                return true;
            }
            if let Some(fonts) = &fonts {
                for face in &provided.faces {
                    let _ = fonts.delete(face);
                }
            }
            false
        });
    }
}

fn key(family: &str) -> String {
    family.trim().to_lowercase()
}

/// `annex-<8 hex digits>-<family in letters, digits and dashes>`: a plain
/// CSS identifier, so `FontFace` accepts it in every engine unquoted.
pub(crate) fn registered_name(provider: &PluginId, family: &str) -> String {
    let digest = crate::cache::sha256_hex(format!("{provider}\0{}", key(family)).as_bytes());
    let readable: String = family
        .trim()
        .chars()
        .take(64)
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("annex-{}-{readable}", &digest[..8])
}

#[cfg(test)]
mod tests {
    use super::registered_name;

    #[test]
    fn registered_names_are_identifiers_apart_per_provider() {
        let a: annex_protocol::PluginId = "dev.annex.font-pack".parse().unwrap();
        let b: annex_protocol::PluginId = "dev.annex.other".parse().unwrap();
        let name = registered_name(&a, "Annex Serif");
        assert!(name.starts_with("annex-") && name.ends_with("-Annex-Serif"), "{name}");
        assert!(name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'), "{name}");
        assert_ne!(name, registered_name(&b, "Annex Serif"));
        // CSS compares family names without case: so does the hash.
        assert_eq!(name[..14], registered_name(&a, " annex serif ")[..14]);
        assert!(!registered_name(&a, "Arial").eq_ignore_ascii_case("arial"));
    }
}
