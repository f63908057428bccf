//! Running a task's steps: each is announced, timed, and stops the task when it fails.

use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

/// A command from a program and whitespace-separated arguments (none of ours contain spaces).
pub fn cmd(program: &str, args: &str) -> Command {
    let mut command = Command::new(program);
    command.args(args.split_whitespace());
    command
}

/// The steps of one task, with how long each took.
pub struct Steps {
    started: Instant,
    done: Vec<(String, Duration)>,
}

impl Steps {
    /// No steps yet; the task's clock starts now.
    pub fn new() -> Self {
        Self {
            started: Instant::now(),
            done: Vec::new(),
        }
    }

    /// Runs `command` as the step `name`, failing with that name when it does not succeed.
    pub fn run(&mut self, name: &str, mut command: Command) -> Result<()> {
        println!("\n==> {name}: {}", describe(&command));
        let start = Instant::now();
        let status = command
            .status()
            .with_context(|| format!("step `{name}`: cannot start `{}`", describe(&command)))?;
        let took = start.elapsed();
        if !status.success() {
            self.summary();
            bail!(
                "step `{name}` failed ({status}) after {:.1} s: `{}`",
                took.as_secs_f64(),
                describe(&command)
            );
        }
        self.record(name, took);
        Ok(())
    }

    /// Runs `work` in this process as the step `name`, failing with that name when it fails.
    pub fn run_fn(&mut self, name: &str, work: impl FnOnce() -> Result<()>) -> Result<()> {
        println!("\n==> {name}");
        let start = Instant::now();
        if let Err(err) = work() {
            self.summary();
            return Err(err.context(format!("step `{name}` failed")));
        }
        self.record(name, start.elapsed());
        Ok(())
    }

    /// Records a step that was skipped or done in-process, printing its time.
    pub fn record(&mut self, name: &str, took: Duration) {
        println!(
            "<== {name}: ok in {:.1} s (disk free: {})",
            took.as_secs_f64(),
            disk_free()
        );
        self.done.push((name.to_string(), took));
    }

    /// Prints every finished step's time and the total so far.
    pub fn summary(&self) {
        println!("\nxtask step times:");
        for (name, took) in &self.done {
            println!("  {:>8.1} s  {name}", took.as_secs_f64());
        }
        println!("  {:>8.1} s  total", self.started.elapsed().as_secs_f64());
    }
}

/// The command line as a person would type it.
fn describe(command: &Command) -> String {
    let mut line = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        line.push(' ');
        line.push_str(&arg.to_string_lossy());
    }
    line
}

/// Free space on the filesystem of the working directory, as `df` prints it: CI machines have
/// run out of disk in the middle of a build, and this shows which step eats it.
fn disk_free() -> String {
    Command::new("df")
        .args(["--output=avail", "-h", "."])
        .output()
        .ok()
        .and_then(|out| {
            String::from_utf8(out.stdout)
                .ok()?
                .lines()
                .nth(1)
                .map(|line| line.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".to_string())
}
