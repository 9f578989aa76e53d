export interface BenchResult {
  /** Human table: label, value, unit. */
  rows: Array<[label: string, value: string | number, unit?: string]>;
  /** Sentences under the table (what the numbers mean). */
  notes?: string[];
  /** Machine-readable figures for the final JSON line. */
  json: Record<string, unknown>;
}

export interface BenchEntry {
  name: string;
  description: string;
  run(): Promise<BenchResult>;
}
