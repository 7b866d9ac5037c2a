//! What a trap was, whatever engine reported it.
//!
//! Engines word the same trap differently (V8 "memory access out of
//! bounds", SpiderMonkey "index out of bounds", JavaScriptCore "Out of
//! bounds memory access"), so the worker names the kind itself and keeps
//! the engine's text after it: a plugin's error reads the same in every
//! browser.

/// The kinds of trap the worker tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TrapKind {
    /// The engine's call stack ran out.
    StackExhausted,
    /// A load or store outside linear memory.
    OutOfBounds,
    /// `unreachable` (Rust's `abort`, a failed allocation, a panic after its hook).
    Unreachable,
    /// Integer division or remainder by zero.
    DivideByZero,
    /// Signed division overflow.
    IntegerOverflow,
    /// A float converted to an integer it does not fit.
    BadConversion,
    /// `call_indirect` to a missing entry or one of another type.
    IndirectCall,
    /// Anything else the engine threw.
    Other,
}

impl TrapKind {
    /// The kind of trap an engine's error text describes.
    pub(crate) fn of(text: &str) -> Self {
        let text = text.to_ascii_lowercase();
        let has = |needles: &[&str]| needles.iter().any(|n| text.contains(n));
        if has(&["maximum call stack", "too much recursion", "call stack exhausted"]) {
            Self::StackExhausted
        } else if has(&["out of bounds trunc", "unrepresentable", "invalid conversion"]) {
            Self::BadConversion
        } else if has(&[
            "out of bounds memory",
            "memory access out of bounds",
            "index out of bounds",
        ]) {
            Self::OutOfBounds
        } else if has(&["unreachable"]) {
            Self::Unreachable
        } else if has(&["divide by zero", "division by zero", "remainder by zero"]) {
            Self::DivideByZero
        } else if has(&["integer overflow"]) {
            Self::IntegerOverflow
        } else if has(&["indirect call", "signature mismatch", "table index", "null function"]) {
            Self::IndirectCall
        } else {
            Self::Other
        }
    }

    /// The words the worker's error uses for this kind.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Self::StackExhausted => "call stack exhausted (a stack overflow)",
            // Rust (and C) keep their stack at the bottom of linear memory,
            // so a stack overflow runs below address 0.
            Self::OutOfBounds => {
                "memory access out of bounds (a stack overflow, when the plugin keeps its stack \
                 first in memory as Rust does)"
            }
            Self::Unreachable => "unreachable executed",
            Self::DivideByZero => "integer divide by zero",
            Self::IntegerOverflow => "integer overflow",
            Self::BadConversion => "float unrepresentable in integer range",
            Self::IndirectCall => "indirect call to a missing or mismatched function",
            Self::Other => "the engine stopped it",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TrapKind;

    #[test]
    fn each_engines_wording_is_one_kind() {
        let cases = [
            ("RuntimeError: memory access out of bounds", TrapKind::OutOfBounds),
            ("RuntimeError: index out of bounds", TrapKind::OutOfBounds),
            ("RuntimeError: Out of bounds memory access", TrapKind::OutOfBounds),
            ("RangeError: Maximum call stack size exceeded", TrapKind::StackExhausted),
            ("InternalError: too much recursion", TrapKind::StackExhausted),
            ("RangeError: Maximum call stack size exceeded.", TrapKind::StackExhausted),
            ("RuntimeError: unreachable", TrapKind::Unreachable),
            ("RuntimeError: unreachable executed", TrapKind::Unreachable),
            ("RuntimeError: Unreachable code should not be executed", TrapKind::Unreachable),
            ("RuntimeError: divide by zero", TrapKind::DivideByZero),
            ("RuntimeError: integer divide by zero", TrapKind::DivideByZero),
            ("RuntimeError: Division by zero", TrapKind::DivideByZero),
            ("RuntimeError: float unrepresentable in integer range", TrapKind::BadConversion),
            ("RuntimeError: invalid conversion to integer", TrapKind::BadConversion),
            ("RuntimeError: Out of bounds Trunc operation", TrapKind::BadConversion),
            ("RuntimeError: integer overflow", TrapKind::IntegerOverflow),
            ("RuntimeError: null function or function signature mismatch", TrapKind::IndirectCall),
            ("RuntimeError: indirect call signature mismatch", TrapKind::IndirectCall),
            ("Error: something else", TrapKind::Other),
        ];
        for (text, kind) in cases {
            assert_eq!(TrapKind::of(text), kind, "{text}");
        }
    }
}
