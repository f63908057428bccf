//! Server subcommands besides serving:
//!
//! ```text
//! motcua-server create-admin --email a@x.vn --name "Nguyễn Văn A"
//! motcua-server create-staff --email b@x.vn --name "Trần Thị B" --role officer --commune 11560 [--title "…"]
//! motcua-server backup /srv/backup/motcua-2026-11-29.db
//! motcua-server export --commune 11560 > 11560.json
//! ```
//!
//! The password is read from `MOTCUA_STAFF_PASSWORD` when set, else from the first line of
//! standard input; there is never a default password. Accounts go to `MOTCUA_DATABASE_URL`.

use std::io::BufRead as _;

use anyhow::{bail, Context as _};
use motcua_domain::CommuneCode;

use crate::clock::Now;
use crate::db::{Db, NewAccount, Role};
use crate::staff::accounts_check;
use crate::staff::auth::hash_password;
use crate::staff::text::Lang;
use crate::Config;

/// The environment variable a password may come from.
pub const PASSWORD_ENV: &str = "MOTCUA_STAFF_PASSWORD";

/// Runs a subcommand when `args` (without the program name) names one; `Ok(false)` when the
/// server should start instead.
pub async fn dispatch(args: &[String]) -> anyhow::Result<bool> {
    let Some(command) = args.first() else {
        return Ok(false);
    };
    let role = match command.as_str() {
        "create-admin" => Some(Role::Administrator),
        "create-staff" => None,
        "backup" => return backup(args).await.map(|()| true),
        "export" => return export(args).await.map(|()| true),
        "serve" => return Ok(false),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            return Ok(true);
        }
        other => bail!("unknown subcommand {other:?}\n{USAGE}"),
    };
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let email = flag("--email").context("--email is required")?;
    let name = flag("--name").context("--name is required")?;
    let title = flag("--title").unwrap_or_default();
    let role = match role {
        Some(r) => r,
        None => {
            Role::parse(&flag("--role").context("--role officer|leader|administrator is required")?)
                .context("--role must be officer, leader or administrator")?
        }
    };
    let commune = flag("--commune")
        .map(|c| CommuneCode::parse(&c))
        .transpose()
        .context("--commune is a 5-digit commune code")?;
    let password = match std::env::var(PASSWORD_ENV) {
        Ok(p) if !p.is_empty() => p,
        _ => {
            eprintln!("Password (one line on standard input):");
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    let problems = accounts_check(
        Lang::En,
        &email,
        &name,
        Some(role),
        commune.as_ref(),
        &password,
    );
    if !problems.is_empty() {
        bail!("{}", problems.join("; "));
    }
    let config = Config::from_env()?;
    let db = Db::connect(&config.database_url).await?;
    crate::seed::seed_if_empty(&db).await?;
    if let Some(c) = &commune {
        if db.commune(c).await?.is_none() {
            bail!("no commune {c}");
        }
    }
    let hash = hash_password(&password).map_err(|e| anyhow::anyhow!("{e}"))?;
    let commune = if role == Role::Administrator {
        None
    } else {
        commune
    };
    let id = db
        .create_account(&NewAccount {
            email: &email,
            name: &name,
            title: &title,
            role,
            commune: commune.as_ref(),
            password_hash: &hash,
            created_at: &Now::read().rfc3339(),
        })
        .await?;
    db.close().await;
    match id {
        Some(id) => {
            println!(
                "created {} account {id} for {}",
                role.tag(),
                email.trim().to_lowercase()
            );
            Ok(true)
        }
        None => bail!("an account with this email already exists"),
    }
}

/// `backup FILE`: an online copy of the SQLite database (see [`Db::backup_to`]).
async fn backup(args: &[String]) -> anyhow::Result<()> {
    let [_, file] = args else {
        bail!("usage: motcua-server backup FILE");
    };
    let config = Config::from_env()?;
    let db = Db::connect(&config.database_url).await?;
    let result = db.backup_to(std::path::Path::new(file)).await;
    db.close().await;
    result.with_context(|| format!("cannot back up to {file}"))?;
    eprintln!("backed up {} to {file}", config.database_url);
    Ok(())
}

/// `export --commune CODE`: the commune's submissions, letters and ratings as JSON on stdout.
async fn export(args: &[String]) -> anyhow::Result<()> {
    let code = args
        .iter()
        .position(|a| a == "--commune")
        .and_then(|i| args.get(i + 1))
        .context("usage: motcua-server export --commune CODE")?;
    let commune = CommuneCode::parse(code).context("--commune is a 5-digit commune code")?;
    let config = Config::from_env()?;
    let db = Db::connect(&config.database_url).await?;
    if db.commune(&commune).await?.is_none() {
        db.close().await;
        bail!("no commune {commune}");
    }
    let export = db.export_commune(&commune, &Now::read().rfc3339()).await;
    db.close().await;
    let export = export?;
    let stdout = std::io::stdout().lock();
    serde_json::to_writer_pretty(stdout, &export)?;
    println!();
    Ok(())
}

const USAGE: &str = "usage:
  motcua-server                       serve (settings from MOTCUA_* variables)
  motcua-server create-admin --email E --name N [--title T]
  motcua-server create-staff --email E --name N --role officer|leader --commune CODE [--title T]
  motcua-server backup FILE           online copy of the SQLite database (never overwrites)
  motcua-server export --commune CODE the commune's submissions, letters, ratings as JSON
password: MOTCUA_STAFF_PASSWORD, else one line on standard input (at least 12 characters)";
