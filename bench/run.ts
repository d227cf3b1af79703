import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchResult, meetsGoal, RESULT_MARKER } from './bench-result.js';

/**
 * Runs every bench/*.bench.ts (compiled to dist-bench/) in its own process, so memory figures
 * are per bench, and prints one table. `npm run bench -- parking-ingest` runs the named ones.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const scripts = readdirSync(here)
  .filter((f) => f.endsWith('.bench.js'))
  .filter((f) => only.length === 0 || only.some((name) => f.startsWith(name)))
  .sort();

const results: BenchResult[] = [];
for (const script of scripts) {
  process.stderr.write(`running ${script} ...\n`);
  const run = spawnSync(process.execPath, ['--expose-gc', path.join(here, script)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 10 * 60_000,
  });
  const line = run.stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
  if (run.status !== 0 || line === undefined) {
    results.push({ bench: script.replace('.bench.js', ''), metrics: [], notes: [`FAILED (exit ${run.status})`] });
    continue;
  }
  results.push(JSON.parse(line.slice(RESULT_MARKER.length)) as BenchResult);
}

const cpu = os.cpus()[0]?.model ?? 'unknown cpu';
console.log(
  `\n${new Date().toISOString()} · node ${process.version} · ${os.cpus().length} × ${cpu} · ${Math.round(os.totalmem() / 2 ** 30)} GiB\n`,
);
if (scripts.length === 0) console.log('(no bench scripts under bench/)');
console.log('| bench | metric | value | unit | goal | met |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const r of results) {
  if (r.metrics.length === 0) console.log(`| ${r.bench} | ${r.notes?.join('; ') ?? ''} | | | | |`);
  for (const m of r.metrics) {
    const met = meetsGoal(m.value, m.goal);
    console.log(
      `| ${r.bench} | ${m.metric} | ${round(m.value)} | ${m.unit} | ${m.goal ?? ''} | ${met === undefined ? '' : met ? 'yes' : 'NO'} |`,
    );
  }
}
for (const r of results) for (const n of r.notes ?? []) if (r.metrics.length > 0) console.log(`\n${r.bench}: ${n}`);

function round(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2);
}
