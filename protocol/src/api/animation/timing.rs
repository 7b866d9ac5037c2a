//! The timing model: from a time to the progress the easing receives.
//!
//! It follows the Web Animations model with `fill: both` and one start
//! delay. With `D = duration_ms`, `n = iterations`, the active duration
//! `A = D·n` (0 when `D` or `n` is 0, infinite when `n` is infinite) and
//! `t = time_ms − delay_ms`:
//!
//! * before (`t < 0`): overall progress `o = 0`;
//! * active (`0 ≤ t < A`): `o = t / D`;
//! * after (`t ≥ A`): `o = n`.
//!
//! The iteration is `i = floor(o)` and the progress within it `p = o − i`,
//! except after the end on a whole number of iterations (`p = 0`, `o > 0`),
//! where `i = o − 1` and `p = 1`: the animation rests on its last value. The
//! direction turns `p` into the directed progress `d`: `normal` `d = p`,
//! `reverse` `d = 1 − p`, `alternate` `d = p` on even `i` and `1 − p` on odd
//! `i`, `alternate_reverse` the opposite. The easing maps `d` to `e = E(d)`,
//! and the animation's values are taken at `e`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::AnimationSpec;

/// How many times the animation runs: a count (fractions allowed, at least
/// 0) or forever. Serialized as a number or the string `"infinite"`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Iterations {
    /// This many times.
    Count(f64),
    /// Until cancelled.
    Infinite,
}

impl Default for Iterations {
    fn default() -> Self {
        Self::Count(1.0)
    }
}

impl Iterations {
    /// The count, `f64::INFINITY` for [`Iterations::Infinite`].
    pub fn as_f64(self) -> f64 {
        match self {
            Self::Count(n) => n,
            Self::Infinite => f64::INFINITY,
        }
    }
}

impl Serialize for Iterations {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Count(n) => serializer.serialize_f64(*n),
            Self::Infinite => serializer.serialize_str("infinite"),
        }
    }
}

impl<'de> Deserialize<'de> for Iterations {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Repr {
            Count(f64),
            Word(String),
        }
        match Repr::deserialize(deserializer)? {
            Repr::Count(n) => Ok(Self::Count(n)),
            Repr::Word(word) if word == "infinite" => Ok(Self::Infinite),
            Repr::Word(word) => Err(serde::de::Error::custom(format!(
                "`iterations` is `{word}`; expected a number or \"infinite\""
            ))),
        }
    }
}

/// Which way each iteration runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Start to end, every iteration.
    #[default]
    Normal,
    /// End to start, every iteration.
    Reverse,
    /// Start to end, then end to start, and so on.
    Alternate,
    /// End to start, then start to end, and so on.
    AlternateReverse,
}

impl AnimationSpec {
    /// The active duration `A = duration_ms × iterations`: 0 when either is
    /// 0, `f64::INFINITY` when the iterations are infinite.
    pub fn active_duration_ms(&self) -> f64 {
        let n = self.iterations.as_f64();
        if self.duration_ms == 0.0 || n == 0.0 {
            0.0
        } else {
            self.duration_ms * n
        }
    }

    /// When the animation ends, from its start: `delay_ms + A` (infinite for
    /// infinite iterations). From then on its values are the final ones.
    pub fn end_ms(&self) -> f64 {
        self.delay_ms + self.active_duration_ms()
    }

    /// The directed progress `d` in `0..=1` at `time_ms` after the start,
    /// before easing (see the module documentation). The spec is assumed valid.
    pub fn directed_progress(&self, time_ms: f64) -> f64 {
        let active = self.active_duration_ms();
        let n = self.iterations.as_f64();
        let t = time_ms - self.delay_ms;
        let overall = if t < 0.0 {
            0.0
        } else if t < active {
            t / self.duration_ms
        } else {
            n
        };
        let mut iteration = overall.floor();
        let mut progress = overall - iteration;
        if progress == 0.0 && overall > 0.0 && t >= active {
            iteration -= 1.0;
            progress = 1.0;
        }
        let even = iteration % 2.0 == 0.0;
        match self.direction {
            Direction::Normal => progress,
            Direction::Reverse => 1.0 - progress,
            Direction::Alternate if even => progress,
            Direction::Alternate => 1.0 - progress,
            Direction::AlternateReverse if even => 1.0 - progress,
            Direction::AlternateReverse => progress,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::animation::{Animation, AnimationSpec};

    fn spec() -> AnimationSpec {
        AnimationSpec::new(Animation::fade(0.0, 1.0), 200.0)
    }

    #[test]
    fn progress_before_during_and_after() {
        let spec = spec().delay_ms(100.0);
        assert_eq!(spec.end_ms(), 300.0);
        let at: Vec<f64> =
            [0.0, 99.0, 100.0, 150.0, 200.0, 300.0, 1e9].map(|t| spec.directed_progress(t)).into();
        assert_eq!(at, [0.0, 0.0, 0.0, 0.25, 0.5, 1.0, 1.0]);
    }

    #[test]
    fn iterations_and_directions() {
        let twice = spec().iterations(Iterations::Count(2.0));
        assert_eq!(twice.end_ms(), 400.0);
        assert_eq!(twice.directed_progress(250.0), 0.25, "second iteration restarts");
        assert_eq!(twice.directed_progress(400.0), 1.0);
        let alternate = twice.clone().direction(Direction::Alternate);
        assert_eq!(alternate.directed_progress(250.0), 0.75, "second iteration runs back");
        assert_eq!(alternate.directed_progress(400.0), 0.0, "ends where it started");
        let reverse = spec().direction(Direction::Reverse);
        assert_eq!(reverse.directed_progress(50.0), 0.75);
        let alt_rev = twice.direction(Direction::AlternateReverse);
        assert_eq!(alt_rev.directed_progress(50.0), 0.75);
        assert_eq!(alt_rev.directed_progress(250.0), 0.25);
        let half = spec().iterations(Iterations::Count(1.5));
        assert_eq!(half.end_ms(), 300.0);
        assert_eq!(half.directed_progress(1000.0), 0.5, "rests mid-way after 1.5 iterations");
    }

    #[test]
    fn zero_durations_and_infinity() {
        let instant = AnimationSpec::new(Animation::fade(0.0, 1.0), 0.0);
        assert_eq!(instant.end_ms(), 0.0);
        assert_eq!(instant.directed_progress(-1.0), 0.0);
        assert_eq!(instant.directed_progress(0.0), 1.0);
        let none = spec().iterations(Iterations::Count(0.0));
        assert_eq!(none.directed_progress(500.0), 0.0);
        let forever = spec().iterations(Iterations::Infinite);
        assert_eq!(forever.end_ms(), f64::INFINITY);
        assert_eq!(forever.directed_progress(1_000_050.0), 0.25);
    }

    #[test]
    fn iterations_serialize_as_a_number_or_infinite() {
        assert_eq!(serde_json::to_string(&Iterations::Count(2.5)).unwrap(), "2.5");
        assert_eq!(serde_json::to_string(&Iterations::Infinite).unwrap(), r#""infinite""#);
        assert_eq!(serde_json::from_str::<Iterations>("3").unwrap(), Iterations::Count(3.0));
        let err = serde_json::from_str::<Iterations>(r#""forever""#).unwrap_err();
        assert!(err.to_string().contains("`iterations` is `forever`"), "{err}");
    }
}
