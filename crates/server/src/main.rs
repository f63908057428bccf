//! `motcua-server`: reads `MOTCUA_*` settings (and `.env` when present), then serves until
//! Ctrl-C or SIGTERM.

use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // A missing .env is normal (production sets real environment variables).
    let dotenv = dotenvy::dotenv();
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,motcua_server=debug,tower_http=info"));
    let json = std::env::var("MOTCUA_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json"));
    if json {
        tracing_subscriber::fmt()
            .json()
            .with_env_filter(filter)
            .init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).init();
    }
    if let Ok(path) = dotenv {
        tracing::info!(path = %path.display(), "read settings from .env");
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    if motcua_server::cli::dispatch(&args).await? {
        return Ok(());
    }
    let config = motcua_server::Config::from_env()?;
    motcua_server::serve(config).await
}
