//! Server settings, read from `MOTCUA_*` environment variables (see `.env.sample`).

use std::net::SocketAddr;
use std::path::PathBuf;

use crate::hardening::Limit;

/// Default database: a SQLite file under `var/`, created on first start.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://var/motcua.db?mode=rwc";
/// Default listen address: loopback only; put a reverse proxy in front in production.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";
/// Default directory of the built single-page app (Trunk's output).
pub const DEFAULT_DIST_DIR: &str = "dist";
/// Default directory of uploaded attachments and server keys.
pub const DEFAULT_DATA_DIR: &str = "var/data";

/// Everything the server needs to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// `MOTCUA_DATABASE_URL`: where the catalog lives (`sqlite://…`).
    pub database_url: String,
    /// `MOTCUA_ADDR`: the socket address to listen on.
    pub addr: SocketAddr,
    /// `MOTCUA_DIST_DIR`: the built app to serve for every non-API path.
    pub dist_dir: PathBuf,
    /// `MOTCUA_DATA_DIR`: attachments (content-addressed files) and the server's tracking key.
    pub data_dir: PathBuf,
    /// Limits and trust settings of the public edge.
    pub edge: Edge,
    /// `MOTCUA_LANDING_HTML` (default on; `0`/`off` turns it off): answer a guide link and a QR
    /// code of a procedure with the guide as HTML before the app (see [`crate::landing`]). Off,
    /// every app route gets the plain shell (for comparison benchmarks, or to rule it out).
    pub landing_html: bool,
}

/// How the server meets the public internet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// `MOTCUA_PUBLIC_URL`: the origin citizens use, e.g. `https://motcua.haiphong.gov.vn`,
    /// printed in QR codes; `https` turns on HSTS. Unset: posters use the request's `Host`,
    /// plain http (development).
    pub public_url: Option<String>,
    /// `MOTCUA_TRUST_PROXY=1`: the server sits behind a reverse proxy that sets
    /// `X-Forwarded-For`; client addresses (for rate limits) are read from it.
    pub trust_proxy: bool,
    /// `MOTCUA_POST_LIMIT_PER_MINUTE` (default 120, 0 = off) and `MOTCUA_POST_BURST` (default
    /// 60): POSTs under `/api` per client address.
    pub post_limit: Limit,
}

impl Default for Edge {
    fn default() -> Self {
        Self {
            public_url: None,
            trust_proxy: false,
            post_limit: Limit {
                per_minute: 120,
                burst: 60,
            },
        }
    }
}

impl Edge {
    /// Whether citizens reach the server over https.
    pub fn https(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }
}

/// A setting that could not be understood.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A numeric setting is not a number.
    #[error("{name}={value:?} is not a whole number")]
    InvalidNumber {
        /// The variable.
        name: &'static str,
        /// The rejected value.
        value: String,
    },
    /// `MOTCUA_ADDR` is not `host:port` with an IP host.
    #[error("MOTCUA_ADDR={value:?} is not a socket address such as 127.0.0.1:8080")]
    InvalidAddr {
        /// The rejected value.
        value: String,
    },
}

impl Config {
    /// Reads the settings from the process environment, using defaults for unset or empty variables.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|key| std::env::var(key).ok())
    }

    /// Reads the settings through `lookup` (a variable name → its value), for tests and embedding.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |key: &str, default: &str| {
            lookup(key)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| default.to_owned())
        };
        let addr_text = get("MOTCUA_ADDR", DEFAULT_ADDR);
        let addr = addr_text
            .parse()
            .map_err(|_| ConfigError::InvalidAddr { value: addr_text })?;
        let defaults = Edge::default();
        let number = |name: &'static str, default: u32| {
            let text = get(name, &default.to_string());
            text.parse::<u32>()
                .map_err(|_| ConfigError::InvalidNumber { name, value: text })
        };
        let edge = Edge {
            public_url: Some(get("MOTCUA_PUBLIC_URL", ""))
                .map(|u| u.trim_end_matches('/').to_owned())
                .filter(|u| u.starts_with("http://") || u.starts_with("https://")),
            trust_proxy: matches!(
                get("MOTCUA_TRUST_PROXY", "0").as_str(),
                "1" | "true" | "yes"
            ),
            post_limit: Limit {
                per_minute: number(
                    "MOTCUA_POST_LIMIT_PER_MINUTE",
                    defaults.post_limit.per_minute,
                )?,
                burst: number("MOTCUA_POST_BURST", defaults.post_limit.burst)?,
            },
        };
        Ok(Self {
            database_url: get("MOTCUA_DATABASE_URL", DEFAULT_DATABASE_URL),
            addr,
            dist_dir: PathBuf::from(get("MOTCUA_DIST_DIR", DEFAULT_DIST_DIR)),
            data_dir: PathBuf::from(get("MOTCUA_DATA_DIR", DEFAULT_DATA_DIR)),
            edge,
            landing_html: !matches!(
                get("MOTCUA_LANDING_HTML", "1").as_str(),
                "0" | "off" | "false" | "no"
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_apply_when_unset_or_empty() {
        let config =
            Config::from_lookup(|key| (key == "MOTCUA_DIST_DIR").then(String::new)).unwrap();
        assert_eq!(config.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(config.addr, "127.0.0.1:8080".parse().unwrap());
        assert_eq!(config.dist_dir, PathBuf::from("dist"));
        assert_eq!(config.data_dir, PathBuf::from("var/data"));
        assert_eq!(config.edge, Edge::default());
        assert!(!config.edge.https());
    }

    #[test]
    fn edge_settings_are_read_and_checked() {
        let config = Config::from_lookup(|key| match key {
            "MOTCUA_PUBLIC_URL" => Some("https://motcua.example.vn".into()),
            "MOTCUA_TRUST_PROXY" => Some("1".into()),
            "MOTCUA_POST_LIMIT_PER_MINUTE" => Some("0".into()),
            _ => None,
        })
        .unwrap();
        assert!(config.edge.https() && config.edge.trust_proxy);
        assert_eq!(config.edge.post_limit.per_minute, 0);
        assert_eq!(config.edge.post_limit.burst, 60);
        let bad = Config::from_lookup(|key| (key == "MOTCUA_POST_BURST").then(|| "many".into()));
        assert!(matches!(bad, Err(ConfigError::InvalidNumber { .. })));
    }

    #[test]
    fn values_are_read_and_bad_addr_is_rejected() {
        let config = Config::from_lookup(|key| match key {
            "MOTCUA_ADDR" => Some("0.0.0.0:9000".into()),
            "MOTCUA_DATABASE_URL" => Some("sqlite::memory:".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(config.addr.port(), 9000);
        assert_eq!(config.database_url, "sqlite::memory:");
        let bad = Config::from_lookup(|key| (key == "MOTCUA_ADDR").then(|| "localhost".into()));
        assert!(matches!(bad, Err(ConfigError::InvalidAddr { .. })));
    }
}
