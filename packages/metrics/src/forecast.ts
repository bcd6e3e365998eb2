import { ascending, percentile } from './percentiles.ts';
import { seededRandom } from './random.ts';

/** The confidence levels a forecast answers for. */
export const FORECAST_PERCENTS = [50, 70, 85, 95] as const;
export const DEFAULT_TRIALS = 10_000;
/** A trial that has not reached the goal after this many days (ten years) counts as never reaching it. */
export const MAX_FORECAST_DAYS = 3650;

export interface MonteCarloOptions {
  seed: number;
  trials?: number;
  percents?: readonly number[];
}

/** "When": with p % confidence, N items are done within `days` days; null if the trials say not within ten years. */
export interface WhenAnswer {
  percent: number;
  days: number | null;
}

/** "How many": with p % confidence, at least `items` items are done by the date. */
export interface HowManyAnswer {
  percent: number;
  items: number;
}

/** M18 "when will N be done": days until resampled daily throughput adds up to `items`, per confidence level. */
export function forecastWhen(
  dailyThroughput: readonly number[],
  items: number,
  options: MonteCarloOptions,
): WhenAnswer[] {
  const { trials = DEFAULT_TRIALS, percents = FORECAST_PERCENTS } = options;
  const total = dailyThroughput.reduce((a, b) => a + b, 0);
  if (items <= 0) return percents.map((percent) => ({ percent, days: 0 }));
  if (total === 0) return percents.map((percent) => ({ percent, days: null }));
  const random = seededRandom(options.seed);
  const n = dailyThroughput.length;
  const outcomes = new Float64Array(trials);
  for (let t = 0; t < trials; t++) {
    let done = 0;
    let days = 0;
    while (done < items && days < MAX_FORECAST_DAYS) {
      done += dailyThroughput[Math.floor(random() * n)] as number;
      days++;
    }
    outcomes[t] = done >= items ? days : Infinity;
  }
  const sorted = outcomes.sort();
  return percents.map((percent) => {
    const days = percentile(sorted, percent);
    return { percent, days: days === null || !Number.isFinite(days) ? null : days };
  });
}

/** M18 "how many by a date": items done in `days` resampled days, reached in at least p % of trials. */
export function forecastHowMany(
  dailyThroughput: readonly number[],
  days: number,
  options: MonteCarloOptions,
): HowManyAnswer[] {
  const { trials = DEFAULT_TRIALS, percents = FORECAST_PERCENTS } = options;
  const n = dailyThroughput.length;
  if (n === 0 || days <= 0) return percents.map((percent) => ({ percent, items: 0 }));
  const random = seededRandom(options.seed);
  const outcomes: number[] = [];
  for (let t = 0; t < trials; t++) {
    let done = 0;
    for (let d = 0; d < days; d++) done += dailyThroughput[Math.floor(random() * n)] as number;
    outcomes.push(done);
  }
  const sorted = ascending(outcomes);
  return percents.map((percent) => ({ percent, items: percentile(sorted, 100 - percent) ?? 0 }));
}
