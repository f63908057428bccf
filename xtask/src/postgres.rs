//! A throwaway PostgreSQL server for the server's test suite, so the same tests run on SQLite
//! and on PostgreSQL: Debian's `postgresql` package (installed when missing), a new cluster in a
//! temporary directory, listening on 127.0.0.1 and a free port with trust authentication, fsync
//! off (the data is thrown away). Stopped and deleted when the [`Cluster`] is dropped.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};

use crate::setup::apt_install;
use crate::step::Steps;

/// Where Debian puts the server programs of each major version.
const PG_LIB: &str = "/usr/lib/postgresql";

/// A running throwaway cluster.
pub struct Cluster {
    bin: PathBuf,
    data: PathBuf,
    /// `postgres://postgres@127.0.0.1:<port>/postgres`.
    pub url: String,
}

/// The newest installed `…/bin` holding `initdb` and `pg_ctl`, if any.
fn server_bin() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir(PG_LIB)
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let major = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((major, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

/// Installs Debian's `postgresql` unless a server is already there.
pub fn install(steps: &mut Steps) -> Result<()> {
    let start = Instant::now();
    if server_bin().is_some() {
        steps.record("postgresql (present)", start.elapsed());
        return Ok(());
    }
    steps.run("install postgresql", apt_install("postgresql"))?;
    if server_bin().is_none() {
        bail!("postgresql is installed but no {PG_LIB}/*/bin/initdb was found");
    }
    Ok(())
}

/// Whether this process runs as root (PostgreSQL refuses to; we then run it as `postgres`).
fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// `program args…`, as the `postgres` user when we are root.
fn as_server_user(program: &Path) -> Command {
    if is_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program);
        command
    } else {
        Command::new(program)
    }
}

/// A port nobody listens on right now.
fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Creates and starts a fresh cluster.
pub fn start(steps: &mut Steps) -> Result<Cluster> {
    let bin = server_bin().context("no PostgreSQL server installed (run `cargo xtask setup`)")?;
    let data = std::env::temp_dir().join(format!("motcua-pg-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&data)?;
    if is_root() {
        let status = Command::new("chown")
            .arg("postgres:postgres")
            .arg(&data)
            .status()?;
        if !status.success() {
            bail!("cannot give {} to the postgres user", data.display());
        }
    }
    let mut initdb = as_server_user(&bin.join("initdb"));
    initdb
        .arg("-D")
        .arg(&data)
        .args(["-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]);
    initdb.args(["--locale", "C.UTF-8"]);
    steps.run("postgres: initdb", initdb)?;
    let port = free_port()?;
    let mut pg_ctl = as_server_user(&bin.join("pg_ctl"));
    pg_ctl
        .arg("-D")
        .arg(&data)
        .args(["-l"])
        .arg(data.join("server.log"))
        .args(["-w", "-o"])
        .arg(format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off \
             -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
            data.display()
        ))
        .arg("start");
    steps.run("postgres: start", pg_ctl)?;
    Ok(Cluster {
        bin,
        data,
        url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
    })
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = as_server_user(&self.bin.join("pg_ctl"))
            .arg("-D")
            .arg(&self.data)
            .args(["-m", "immediate", "stop"])
            .status();
        let _ = std::fs::remove_dir_all(&self.data);
    }
}
