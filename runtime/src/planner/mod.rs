//! Load planning (being written).
