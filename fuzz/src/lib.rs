//! Fuzz targets for iron-session-native's seal core; see `targets`.
#[path = "targets.rs"]
pub mod targets;
