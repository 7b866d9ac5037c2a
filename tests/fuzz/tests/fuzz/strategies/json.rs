//! Mutations of valid JSON documents: each picks a node of the document and
//! removes it, replaces it, changes its type, adds a field to it, nests it
//! deeply or copies another node over it.

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Map, Value};

use super::{edge_number, json_value, key, text};

/// One step from a node to a child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// An object field.
    Key(String),
    /// An array element.
    At(usize),
}

/// Where a node is in its document; empty for the root.
pub type Path = Vec<Step>;

/// The path as the manifest parser writes field paths: `a.b[0].c`, `.` for the root.
pub fn dotted(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(key) if out.is_empty() => out.push_str(key),
            Step::Key(key) => {
                out.push('.');
                out.push_str(key);
            }
            Step::At(i) => out.push_str(&format!("[{i}]")),
        }
    }
    if out.is_empty() {
        ".".to_owned()
    } else {
        out
    }
}

/// What a mutation does to the node it picks.
#[derive(Debug, Clone)]
pub enum Edit {
    /// Remove the node from its parent (the root becomes `null`).
    Remove,
    /// Put another value in its place.
    Replace(Value),
    /// Same content, another JSON type (a number becomes a string, an object
    /// an array of its values, ...).
    SwapType,
    /// Add a field to an object (or an element to an array); a scalar
    /// becomes an object with that one field.
    AddField(String, Value),
    /// Wrap the node in `depth` arrays or single-field objects.
    Nest {
        /// Layers added.
        depth: usize,
        /// Arrays (`[[x]]`) rather than objects (`{"a":{"a":x}}`).
        arrays: bool,
    },
    /// Copy another node of the document here (same-shaped but misplaced data).
    CopyFrom(Index),
    /// Another value of the same type, so parsing goes on and the rules are
    /// reached: a string becomes this text, a number this number, a boolean
    /// flips, an array repeats its first element (a duplicate).
    SameType(String, Value),
}

/// One mutation: a node, chosen among all of the document's nodes, and an edit.
#[derive(Debug, Clone)]
pub struct Mutation {
    /// Which node, as an index into the document's nodes in pre-order.
    pub target: Index,
    /// What to do there.
    pub edit: Edit,
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => Just(Edit::Remove),
        3 => prop_oneof![json_value(), edge_number(), text().prop_map(Value::from)]
            .prop_map(Edit::Replace),
        3 => Just(Edit::SwapType),
        2 => (key(), json_value()).prop_map(|(key, value)| Edit::AddField(key, value)),
        1 => (1usize..300, any::<bool>()).prop_map(|(depth, arrays)| Edit::Nest { depth, arrays }),
        2 => any::<Index>().prop_map(Edit::CopyFrom),
        4 => (text(), prop_oneof![edge_number(), any::<i32>().prop_map(Value::from)])
            .prop_map(|(text, number)| Edit::SameType(text, number)),
    ]
}

/// One to `max` mutations.
pub fn mutations(max: usize) -> impl Strategy<Value = Vec<Mutation>> {
    prop::collection::vec(
        (any::<Index>(), edit()).prop_map(|(target, edit)| Mutation { target, edit }),
        1..=max,
    )
}

/// Applies the mutations in order; returns the path of each node changed.
pub fn apply(doc: &mut Value, mutations: &[Mutation]) -> Vec<Path> {
    mutations.iter().map(|m| apply_one(doc, m)).collect()
}

fn apply_one(doc: &mut Value, mutation: &Mutation) -> Path {
    let all = nodes(doc);
    let path = all[mutation.target.index(all.len())].clone();
    let copied = match &mutation.edit {
        Edit::CopyFrom(source) => get(doc, &all[source.index(all.len())]).cloned(),
        _ => None,
    };
    if let (Edit::Remove, Some((last, parent))) = (&mutation.edit, path.split_last()) {
        match (get_mut(doc, parent), last) {
            (Some(Value::Object(map)), Step::Key(key)) => {
                map.remove(key);
            }
            (Some(Value::Array(items)), Step::At(i)) => {
                items.remove(*i);
            }
            _ => unreachable!("paths come from the document"),
        }
        return path;
    }
    let node = get_mut(doc, &path).expect("paths come from the document");
    match &mutation.edit {
        Edit::Remove => *node = Value::Null,
        Edit::Replace(value) => *node = value.clone(),
        Edit::SwapType => *node = swap_type(node.take()),
        Edit::AddField(key, value) => match node {
            Value::Object(map) => {
                map.insert(key.clone(), value.clone());
            }
            Value::Array(items) => items.push(value.clone()),
            scalar => *scalar = Value::Object(Map::from_iter([(key.clone(), value.clone())])),
        },
        Edit::Nest { depth, arrays } => {
            let mut value = node.take();
            for _ in 0..*depth {
                value = if *arrays {
                    Value::Array(vec![value])
                } else {
                    Value::Object(Map::from_iter([("a".to_owned(), value)]))
                };
            }
            *node = value;
        }
        Edit::CopyFrom(_) => *node = copied.unwrap_or(Value::Null),
        Edit::SameType(text, number) => match node {
            Value::String(s) => *s = text.clone(),
            Value::Number(_) => *node = number.clone(),
            Value::Bool(b) => *b = !*b,
            Value::Array(items) if !items.is_empty() => items.push(items[0].clone()),
            _ => {}
        },
    }
    path
}

fn swap_type(value: Value) -> Value {
    match value {
        Value::Null => Value::Bool(false),
        Value::Bool(b) => Value::String(b.to_string()),
        Value::Number(n) => Value::String(n.to_string()),
        Value::String(s) => match serde_json::from_str::<serde_json::Number>(&s) {
            Ok(n) => Value::Number(n),
            Err(_) => Value::Array(vec![Value::String(s)]),
        },
        Value::Array(items) => {
            Value::Object(items.into_iter().enumerate().map(|(i, v)| (i.to_string(), v)).collect())
        }
        Value::Object(map) => Value::Array(map.into_iter().map(|(_, v)| v).collect()),
    }
}

/// Every node's path, in pre-order (the root first).
pub fn nodes(doc: &Value) -> Vec<Path> {
    fn walk(value: &Value, path: &mut Path, out: &mut Vec<Path>) {
        out.push(path.clone());
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    path.push(Step::Key(key.clone()));
                    walk(child, path, out);
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    path.push(Step::At(i));
                    walk(child, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(doc, &mut Vec::new(), &mut out);
    out
}

fn get<'a>(doc: &'a Value, path: &[Step]) -> Option<&'a Value> {
    path.iter().try_fold(doc, |node, step| match step {
        Step::Key(key) => node.get(key),
        Step::At(i) => node.get(i),
    })
}

fn get_mut<'a>(doc: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    path.iter().try_fold(doc, |node, step| match step {
        Step::Key(key) => node.get_mut(key),
        Step::At(i) => node.get_mut(i),
    })
}
