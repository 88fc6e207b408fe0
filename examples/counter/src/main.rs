//! counter: a number that persists in the app's private data directory (`/data/count`), across
//! runs and across updates of the app.
//!
//! Usage: counter [increment|decrement|show|reset] [N]

use std::fs;
use std::io::ErrorKind;
use std::process::exit;

const STATE: &str = "/data/count";

fn load() -> Result<i64, String> {
    match fs::read_to_string(STATE) {
        Ok(text) => text
            .trim()
            .parse::<i64>()
            .map_err(|_| format!("{} is corrupt: {:?}", STATE, text.trim())),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(0),
        Err(e) => Err(format!("cannot read {}: {}", STATE, e)),
    }
}

fn save(n: i64) -> Result<(), String> {
    // Write a temporary file and rename it over the old one, so a crash never leaves half a number.
    let tmp = format!("{}.tmp", STATE);
    fs::write(&tmp, format!("{}\n", n)).map_err(|e| format!("cannot write {}: {}", tmp, e))?;
    fs::rename(&tmp, STATE).map_err(|e| format!("cannot replace {}: {}", STATE, e))
}

fn run(args: &[String]) -> Result<i64, String> {
    let command = args.get(1).map(String::as_str).unwrap_or("show");
    let step = match args.get(2) {
        Some(s) => s.parse::<i64>().map_err(|_| format!("not a number: {:?}", s))?,
        None => 1,
    };
    if args.len() > 3 {
        return Err("too many arguments".to_string());
    }
    let n = load()?;
    let next = match command {
        "show" => return Ok(n),
        "increment" | "inc" => n.checked_add(step).ok_or("the counter would overflow")?,
        "decrement" | "dec" => n.checked_sub(step).ok_or("the counter would overflow")?,
        "reset" => 0,
        other => return Err(format!("unknown command {:?} (use increment, decrement, show or reset)", other)),
    };
    save(next)?;
    Ok(next)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match run(&args) {
        Ok(n) => println!("{}", n),
        Err(e) => {
            eprintln!("counter: {}", e);
            exit(2);
        }
    }
}
