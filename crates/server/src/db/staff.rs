//! Staff accounts, sessions, sign-in throttling and the holiday calendar's amendments.

use std::collections::BTreeSet;

use motcua_domain::calendar::Amendments;
use motcua_domain::{CommuneCode, Date};

use super::{Db, StoreError};

/// What a staff member may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// One-stop officer of one commune: processes submissions.
    Officer,
    /// Commune leader: also approves (issues) letters and publishes the office and directory.
    Leader,
    /// Administrator: every commune, manages accounts.
    Administrator,
}

impl Role {
    /// The tag stored in `staff_accounts.role`.
    pub fn tag(self) -> &'static str {
        match self {
            Self::Officer => "officer",
            Self::Leader => "leader",
            Self::Administrator => "administrator",
        }
    }

    /// The role of a tag.
    pub fn parse(tag: &str) -> Option<Self> {
        [Self::Officer, Self::Leader, Self::Administrator]
            .into_iter()
            .find(|r| r.tag() == tag)
    }
}

/// A staff account (without its password hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Row id.
    pub id: i64,
    /// Sign-in email, lower-cased.
    pub email: String,
    /// Full name.
    pub name: String,
    /// Title printed under a leader's signature.
    pub title: String,
    /// Role.
    pub role: Role,
    /// The commune of an officer or leader; `None` for administrators.
    pub commune: Option<CommuneCode>,
    /// False once disabled.
    pub active: bool,
}

/// A new account.
#[derive(Debug, Clone)]
pub struct NewAccount<'a> {
    /// Sign-in email (lower-cased on insert).
    pub email: &'a str,
    /// Full name.
    pub name: &'a str,
    /// Title.
    pub title: &'a str,
    /// Role.
    pub role: Role,
    /// Commune (required unless administrator).
    pub commune: Option<&'a CommuneCode>,
    /// The argon2id PHC string.
    pub password_hash: &'a str,
    /// RFC 3339 creation time.
    pub created_at: &'a str,
}

/// A live session row.
#[derive(Debug, Clone)]
pub struct SessionRow {
    /// The account signed in.
    pub account: Account,
    /// The session's CSRF token.
    pub csrf_token: String,
    /// Creation, unix ms.
    pub created_ms: i64,
    /// Last request, unix ms.
    pub last_seen_ms: i64,
}

/// A throttling decision for one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Throttle {
    /// Failures counted in the current window.
    pub failures: i64,
    /// Locked until this unix ms (0 = not locked).
    pub locked_until_ms: i64,
}

type AccountRow = (i64, String, String, String, String, Option<String>, i64);
type LoginRow = (
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    i64,
    String,
);

const ACCOUNT_COLUMNS: &str = "id, email, name, title, role, commune, active";

fn account(row: AccountRow) -> Result<Account, StoreError> {
    let (id, email, name, title, role, commune, active) = row;
    let role = Role::parse(&role).ok_or_else(|| StoreError::Corrupt {
        what: format!("role of account {id}"),
        source: serde::de::Error::custom(role),
    })?;
    let commune = commune.and_then(|c| CommuneCode::parse(&c).ok());
    Ok(Account {
        id,
        email,
        name,
        title,
        role,
        commune,
        active: active != 0,
    })
}

impl Db {
    /// Creates an account; `Ok(None)` when the email is taken.
    pub async fn create_account(&self, new: &NewAccount<'_>) -> Result<Option<i64>, StoreError> {
        let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
            "INSERT INTO staff_accounts (email, name, title, role, commune, password_hash, active, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, 1, $7) RETURNING id",
        )
        .bind(new.email.trim().to_lowercase())
        .bind(new.name)
        .bind(new.title)
        .bind(new.role.tag())
        .bind(new.commune.map(CommuneCode::as_str))
        .bind(new.password_hash)
        .bind(new.created_at)
        .fetch_one(&self.pool)
        .await;
        match inserted {
            Ok((id,)) => Ok(Some(id)),
            Err(sqlx::Error::Database(db)) if db.is_unique_violation() => Ok(None),
            Err(err) => Err(err.into()),
        }
    }

    /// An account and its password hash by email (case-insensitive).
    pub async fn account_for_login(
        &self,
        email: &str,
    ) -> Result<Option<(Account, String)>, StoreError> {
        let row: Option<LoginRow> = sqlx::query_as(&format!(
            "SELECT {ACCOUNT_COLUMNS}, password_hash FROM staff_accounts WHERE email = $1"
        ))
        .bind(email.trim().to_lowercase())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(id, e, n, t, r, c, a, hash)| Ok((account((id, e, n, t, r, c, a))?, hash)))
            .transpose()
    }

    /// Every account, administrators first, then by commune and name.
    pub async fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        let rows: Vec<AccountRow> = sqlx::query_as(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM staff_accounts ORDER BY commune, name"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(account).collect()
    }

    /// One account by id.
    pub async fn account(&self, id: i64) -> Result<Option<Account>, StoreError> {
        let row: Option<AccountRow> = sqlx::query_as(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM staff_accounts WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(account).transpose()
    }

    /// Enables or disables an account; disabling also ends its sessions.
    pub async fn set_account_active(&self, id: i64, active: bool) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let changed = sqlx::query("UPDATE staff_accounts SET active = $1 WHERE id = $2")
            .bind(i64::from(active))
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if !active {
            sqlx::query("DELETE FROM staff_sessions WHERE account = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(changed == 1)
    }

    /// Stores a new session.
    pub async fn create_session(
        &self,
        token_hash: &str,
        account: i64,
        csrf_token: &str,
        now_ms: i64,
        now_text: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO staff_sessions (token_hash, account, csrf_token, created_ms, \
             last_seen_ms, created_at) VALUES ($1, $2, $3, $4, $4, $5)",
        )
        .bind(token_hash)
        .bind(account)
        .bind(csrf_token)
        .bind(now_ms)
        .bind(now_text)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The session with this token hash and its (active) account.
    pub async fn session(&self, token_hash: &str) -> Result<Option<SessionRow>, StoreError> {
        type Row = (
            i64,
            String,
            String,
            String,
            String,
            Option<String>,
            i64,
            String,
            i64,
            i64,
        );
        let row: Option<Row> = sqlx::query_as(
            "SELECT a.id, a.email, a.name, a.title, a.role, a.commune, a.active, s.csrf_token, \
             s.created_ms, s.last_seen_ms FROM staff_sessions s \
             JOIN staff_accounts a ON a.id = s.account WHERE s.token_hash = $1 AND a.active = 1",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        row.map(
            |(id, e, n, t, r, c, a, csrf_token, created_ms, last_seen_ms)| {
                Ok(SessionRow {
                    account: account((id, e, n, t, r, c, a))?,
                    csrf_token,
                    created_ms,
                    last_seen_ms,
                })
            },
        )
        .transpose()
    }

    /// Records activity on a session (for idle expiry).
    pub async fn touch_session(&self, token_hash: &str, now_ms: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE staff_sessions SET last_seen_ms = $1 WHERE token_hash = $2")
            .bind(now_ms)
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Ends one session.
    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Ends every session of an account ("sign out everywhere"); returns how many.
    pub async fn delete_sessions_of(&self, account: i64) -> Result<u64, StoreError> {
        Ok(sqlx::query("DELETE FROM staff_sessions WHERE account = $1")
            .bind(account)
            .execute(&self.pool)
            .await?
            .rows_affected())
    }

    /// The throttling state of a key at `now_ms` (a finished window counts as clean).
    pub async fn login_throttle(
        &self,
        key: &str,
        now_ms: i64,
        window_ms: i64,
    ) -> Result<Throttle, StoreError> {
        let row: Option<(i64, i64, i64)> = sqlx::query_as(
            "SELECT failures, window_start_ms, locked_until_ms FROM staff_login_failures \
             WHERE key = $1",
        )
        .bind(key)
        .fetch_optional(&self.pool)
        .await?;
        Ok(match row {
            Some((failures, start, locked)) => Throttle {
                failures: if now_ms - start > window_ms {
                    0
                } else {
                    failures
                },
                locked_until_ms: locked,
            },
            None => Throttle {
                failures: 0,
                locked_until_ms: 0,
            },
        })
    }

    /// Counts a failed sign-in for a key; locks it for `lock_ms` once `max` failures fall in one
    /// window. One statement, so concurrent instances count every failure.
    pub async fn record_login_failure(
        &self,
        key: &str,
        now_ms: i64,
        window_ms: i64,
        max: i64,
        lock_ms: i64,
    ) -> Result<Throttle, StoreError> {
        let (failures, locked_until_ms): (i64, i64) = sqlx::query_as(
            "INSERT INTO staff_login_failures (key, failures, window_start_ms, locked_until_ms) \
             VALUES ($1, 1, $2, 0) \
             ON CONFLICT (key) DO UPDATE SET \
               failures = CASE WHEN $2 - staff_login_failures.window_start_ms > $3 THEN 1 \
                          ELSE staff_login_failures.failures + 1 END, \
               window_start_ms = CASE WHEN $2 - staff_login_failures.window_start_ms > $3 \
                          THEN $2 ELSE staff_login_failures.window_start_ms END \
             RETURNING failures, locked_until_ms",
        )
        .bind(key)
        .bind(now_ms)
        .bind(window_ms)
        .fetch_one(&self.pool)
        .await?;
        if failures >= max {
            let until = now_ms + lock_ms;
            sqlx::query(
                "UPDATE staff_login_failures SET locked_until_ms = $1, failures = 0, \
                 window_start_ms = $2 WHERE key = $3",
            )
            .bind(until)
            .bind(now_ms)
            .bind(key)
            .execute(&self.pool)
            .await?;
            return Ok(Throttle {
                failures,
                locked_until_ms: until,
            });
        }
        Ok(Throttle {
            failures,
            locked_until_ms,
        })
    }

    /// Forgets the failures of a key (after a successful sign-in).
    pub async fn clear_login_failures(&self, key: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM staff_login_failures WHERE key = $1")
            .bind(key)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Every amendment of the calendar: `(day, kind, note)`, by day.
    pub async fn holiday_amendments(&self) -> Result<Vec<(String, String, String)>, StoreError> {
        Ok(
            sqlx::query_as("SELECT day, kind, note FROM holiday_amendments ORDER BY day")
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// The amendments as the calculator takes them.
    pub async fn calendar_amendments(&self) -> Result<Amendments, StoreError> {
        let mut off = BTreeSet::new();
        let mut work = BTreeSet::new();
        for (day, kind, _) in self.holiday_amendments().await? {
            if let Ok(day) = Date::parse(&day) {
                if kind == "work" {
                    work.insert(day);
                } else {
                    off.insert(day);
                }
            }
        }
        Ok(Amendments { off, work })
    }

    /// Adds or replaces the amendment of a day, audited in the same transaction.
    pub async fn put_holiday_amendment(
        &self,
        day: Date,
        work: bool,
        note: &str,
        actor: i64,
        at: &str,
    ) -> Result<(), StoreError> {
        let kind = if work { "work" } else { "off" };
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO holiday_amendments (day, kind, note, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, \
             note = excluded.note, created_by = excluded.created_by, \
             created_at = excluded.created_at",
        )
        .bind(day.to_string())
        .bind(kind)
        .bind(note)
        .bind(actor)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        super::audit::append(
            &mut tx,
            &super::audit::Entry {
                at,
                actor,
                commune: None,
                action: "holiday_amended",
                subject: &day.to_string(),
                from_state: None,
                to_state: Some(kind),
                note: Some(note),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes the amendment of a day; `false` when there was none.
    pub async fn delete_holiday_amendment(
        &self,
        day: Date,
        actor: i64,
        at: &str,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let n = sqlx::query("DELETE FROM holiday_amendments WHERE day = $1")
            .bind(day.to_string())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        super::audit::append(
            &mut tx,
            &super::audit::Entry {
                at,
                actor,
                commune: None,
                action: "holiday_removed",
                subject: &day.to_string(),
                from_state: None,
                to_state: None,
                note: None,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// A commune's stored override of a procedure, if any.
    pub async fn local_override(
        &self,
        commune: &CommuneCode,
        code: &motcua_domain::ProcedureCode,
    ) -> Result<Option<motcua_domain::LocalOverride>, StoreError> {
        let row: Option<(String,)> = sqlx::query_as(
            "SELECT body FROM local_overrides WHERE commune = $1 AND procedure = $2",
        )
        .bind(commune.as_str())
        .bind(code.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(b,)| super::store::decode(|| format!("override of {code}"), &b))
            .transpose()
    }
}
