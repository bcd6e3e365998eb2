import { ageingChart } from './ageing.ts';
import { blockersChart } from './blockers.ts';
import { cfdChart } from './cfd.ts';
import { cycleTimeChart } from './cycle-time.ts';
import { efficiencyChart } from './efficiency.ts';
import { forecastChart } from './forecast.ts';
import { littlesLawChart } from './littles-law.ts';
import type { ChartSpec } from './spec.ts';
import { throughputChart } from './throughput.ts';
import { valueStreamChart } from './value-stream.ts';
import { wipChart } from './wip.ts';

/** The analytics page's charts, in the order a team reads them: outcomes, then flow, then causes, then the future. */
export const CHARTS: readonly ChartSpec[] = [
  cycleTimeChart,
  throughputChart,
  wipChart,
  cfdChart,
  ageingChart,
  efficiencyChart,
  valueStreamChart,
  blockersChart,
  forecastChart,
  littlesLawChart,
];
