//! Server subcommands besides serving:
//!
//! ```text
//! motcua-server create-admin --email a@x.vn --name "Nguyễn Văn A"
//! motcua-server create-staff --email b@x.vn --name "Trần Thị B" --role officer --commune 11560 [--title "…"]
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

const USAGE: &str = "usage:
  motcua-server                       serve (settings from MOTCUA_* variables)
  motcua-server create-admin --email E --name N [--title T]
  motcua-server create-staff --email E --name N --role officer|leader --commune CODE [--title T]
password: MOTCUA_STAFF_PASSWORD, else one line on standard input (at least 12 characters)";
