//! Server settings, read from `MOTCUA_*` environment variables (see `.env.sample`).

use std::net::SocketAddr;
use std::path::PathBuf;

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
    /// `MOTCUA_PUBLIC_URL`: the public origin (e.g. `https://motcua.example.vn`); when it is
    /// https, staff cookies are `Secure` and the `Origin` of staff forms must match it.
    pub public_url: Option<String>,
    /// `MOTCUA_TRUST_PROXY=1`: the server sits behind a reverse proxy whose
    /// `X-Forwarded-Proto` / `X-Forwarded-For` are believed (never set this without one).
    pub trust_proxy: bool,
}

/// A setting that could not be understood.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
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
        Ok(Self {
            database_url: get("MOTCUA_DATABASE_URL", DEFAULT_DATABASE_URL),
            addr,
            dist_dir: PathBuf::from(get("MOTCUA_DIST_DIR", DEFAULT_DIST_DIR)),
            data_dir: PathBuf::from(get("MOTCUA_DATA_DIR", DEFAULT_DATA_DIR)),
            public_url: Some(get("MOTCUA_PUBLIC_URL", ""))
                .filter(|u| !u.is_empty())
                .map(|u| u.trim_end_matches('/').to_owned()),
            trust_proxy: matches!(
                get("MOTCUA_TRUST_PROXY", "0").as_str(),
                "1" | "true" | "yes"
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
