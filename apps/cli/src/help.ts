const EXIT_CODES = `Exit codes:
  0  success
  1  the flow log or workflow has errors (each is printed as "line N: problem"); nothing was computed
  2  bad usage: unknown or missing flag, bad value, missing or unreadable file`;

const LOG_FLAGS = `  --workflow <w.json>   the workflow as a separate JSON file (required for CSV; replaces a workflow line)
  --now <ISO-8601>      the instant to compute at, e.g. 2026-03-31T18:00:00Z (default: the current time)
  --skip-bad-lines      skip invalid lines (listed on stderr) instead of failing
  --json                print JSON instead of the readable summary
  -h, --help            show this help`;

export const MAIN_HELP = `obeya: flow metrics and forecasts from an Obeya flow log

Usage:
  obeya metrics <log> [options]                    cycle time, throughput, WIP, CFD, efficiency, blockers
  obeya forecast when --items <N> <log> [...]      when will N more items be done?
  obeya forecast how-many --by <date> <log> [...]  how many items will be done by a date (YYYY-MM-DD)?
  obeya <command> --help                           the options of a command

The log is JSON Lines (the workflow on its first line) or CSV (header
type,card,at,column,from,to,reason,waste,title, with --workflow).

${EXIT_CODES}
`;

export const METRICS_HELP = `Usage: obeya metrics <log> [options]

Computes every flow metric of the log at an instant: per card status, start, finish, cycle and lead
time, age, active/waiting/blocked time; per day throughput, WIP and CFD; cycle-time percentiles,
flow efficiency, time by column and blockers over the period. Days are in the workflow's time zone.

Options:
  --from <YYYY-MM-DD>   first day of the period (default: the day of the first event)
  --to <YYYY-MM-DD>     last day of the period (default: the day of --now)
${LOG_FLAGS}

${EXIT_CODES}
`;

const FORECAST_FLAGS = `  --window-days <n>     days of past throughput to sample: the n days before today (default 30)
  --trials <n>          Monte Carlo trials (default 10000)
  --seed <n>            random seed, to repeat a forecast exactly (default: a new one, printed)
${LOG_FLAGS}`;

export const FORECAST_HELP = `Usage:
  obeya forecast when --items <N> <log> [options]
  obeya forecast how-many --by <YYYY-MM-DD> <log> [options]

Monte Carlo forecasts from past daily throughput (days with none included), counting days from
tomorrow. "when" answers: with 50/70/85/95 % confidence, the N items are done within D days.
"how-many" answers: with 50/70/85/95 % confidence, at least K items are done by the date (inclusive).

Options:
  --items <N>           (when) the number of items
  --by <YYYY-MM-DD>     (how-many) the last day counted
${FORECAST_FLAGS}

${EXIT_CODES}
`;
