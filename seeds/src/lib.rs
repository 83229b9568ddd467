//! Data sets for the pipeline tracker: the demo data set ([`demo`]: fictional ventures shaped
//! like Kanagawa's record, demo users) and a scale generator for benchmarks ([`scale`]).

pub mod demo;
pub mod scale;
mod util;
