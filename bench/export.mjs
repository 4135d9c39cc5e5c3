// Export pipeline speed: 1,000,000 rows × 10 columns from a real PostgreSQL, masked and
// watermarked CSV through the export pipeline, against COPY … TO STDOUT of the same rows in
// the same run. Prints one JSON line: ratio (target ≤ 2) and peak RSS (target < 300 MB).
// native: whether the native converter (native/, built by npm install) ran; FUNDGOV_NATIVE=0 measures
// the TypeScript converter, FUNDGOV_EXPORT_WORKERS=0 a service without export workers.
// BENCH_STAGES=1 adds `stages`: the same rows read only, read + masked, read + masked +
// marked (the watermark's markCell on every cell, no memo, no CSV), each its own pass.
import { register } from 'tsx/esm/api';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
register();

const { runExportPipeline } = await import('../server/export-pipeline.ts');
const { readPostgresRows, readPostgresCopyBlocks } = await import('../sources/rows.ts');
const { startExportPool } = await import('../server/export-pool.ts');
const { availableParallelism } = await import('node:os');
const { maskerFor, maskRuleFor } = await import('../catalog/masking.ts');
const { createCellMarker } = await import('../watermark/table.ts');
const { nativeCsv } = await import('../native/index.ts');

const URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
// BENCH_ENCODING=gbk measures a GBK export (the figure of the issue is UTF-8 with BOM, Excel's default)
const ENCODING = process.env.BENCH_ENCODING === 'gbk' ? 'gbk' : 'utf8-bom';
const schema = `fg_bench_export_${process.pid}`;
const db = new pg.Client({ connectionString: URL });
await db.connect();
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
const sink = () => { let n = 0; return Object.assign(new Writable({ write(c, _e, cb) { n += c.length; cb(); } }), { bytes: () => n }); };
try {
  await db.query(`CREATE SCHEMA ${schema}`);
  await db.query(`CREATE UNLOGGED TABLE ${schema}.holders AS
    SELECT i AS id, (ARRAY['张伟','王芳','李娜','欧阳娜娜'])[1 + i % 4] AS cust_name,
      '110105' || (19700101 + i % 9000)::text || lpad((i % 1000)::text, 4, '0') AS id_no,
      '138' || lpad((i % 100000000)::text, 8, '0') AS mobile, 'user' || i || '@example.com' AS email,
      lpad((i % 500)::text, 6, '0') AS fund_code, round((i * 37 % 500000)::numeric / 100, 2) AS amount,
      round((i % 9973)::numeric * 1.0001, 4) AS shares, date '2020-01-01' + (i % 1500) AS trade_date, '北京分公司' AS branch
    FROM generate_series(1, ${ROWS}) i`);
  await db.query(`ANALYZE ${schema}.holders`);
  const columns = ['id', 'cust_name', 'id_no', 'mobile', 'email', 'fund_code', 'amount', 'shares', 'trade_date', 'branch'];
  const categories = [null, 'C01', 'C01', 'C03', 'C03', 'P01', 'C05', 'C05', 'O01', 'M02'];
  const masked = new Set(['cust_name', 'id_no', 'mobile', 'email']);

  // the service starts its export workers once, at startup (FUNDGOV_EXPORT_WORKERS, default: one per core)
  const workers = Number(process.env.FUNDGOV_EXPORT_WORKERS ?? Math.min(8, availableParallelism()));
  const pool = workers > 0 ? await startExportPool(workers) : null;
  // the table's pages are warm for both runs
  await db.query(`SELECT count(*) FROM ${schema}.holders`);
  const startRss = process.memoryUsage().rss;
  peak = startRss;
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  let t = process.hrtime.bigint();
  const out2 = sink();
  const result = await runExportPipeline({
    source: { copyBlocks: readPostgresCopyBlocks({ url: URL, schema, table: 'holders', columns, minBlockBytes: 256 * 1024 }), width: columns.length },
    columns: columns.map((c, i) => ({ header: c, mask: masked.has(c) ? maskRuleFor(categories[i]) : null })),
    format: 'csv', encoding: ENCODING, watermarkKey: 'bench-watermark-key-0123456789', exportId: 'bench-export', out: out2, pool,
  });
  const exportMs = Number(process.hrtime.bigint() - t) / 1e6;
  // CPU of this process, workers included: what the export costs whatever the number of cores
  const cpu = process.cpuUsage(cpu0);
  const exportCpuMs = (cpu.user + cpu.system) / 1000;
  const mainBusyMs = performance.eventLoopUtilization(elu0).active;
  await pool?.close();
  if (result.rowCount !== ROWS) throw new Error(`pipeline wrote ${result.rowCount} rows, expected ${ROWS}`);
  clearInterval(sampler);

  // reference: PostgreSQL's own CSV writer
  // (after the export, so that the peak RSS above is the export's own)
  t = process.hrtime.bigint();
  const out1 = sink();
  await pipeline(db.query(copyStreams.to(`COPY (SELECT ${columns.join(', ')} FROM ${schema}.holders) TO STDOUT WITH (FORMAT csv, HEADER)`)), out1);
  const copyMs = Number(process.hrtime.bigint() - t) / 1e6;


  let stages;
  if (process.env.BENCH_STAGES === '1') {
    const masks = columns.map((c, i) => (masked.has(c) ? maskerFor(maskRuleFor(categories[i])) : null));
    const pass = async (work) => {
      const t0 = process.hrtime.bigint();
      for await (const batch of readPostgresRows({ url: URL, schema, table: 'holders', columns })) work(batch);
      return Number(process.hrtime.bigint() - t0) / 1e6;
    };
    const mask = (batch) => { for (const row of batch) for (let i = 0; i < row.length; i++) { const m = masks[i]; if (m && row[i] !== '') row[i] = m(row[i]); } };
    const marker = createCellMarker({ key: 'bench-watermark-key-0123456789', exportId: 'bench-export' });
    const readMs = await pass(() => undefined);
    const maskMs = await pass(mask);
    const markMs = await pass((batch) => { mask(batch); for (const row of batch) marker.markRowInPlace(row); });
    stages = { readMs: Math.round(readMs), maskMs: Math.round(maskMs - readMs), markMs: Math.round(markMs - maskMs) };
  }
  console.log(JSON.stringify({
    bench: 'export', rows: ROWS, columns: columns.length, maskedColumns: masked.size, encoding: ENCODING,
    exportMs: Math.round(exportMs), copyMs: Math.round(copyMs), workers, native: nativeCsv() !== null, exportCpuMs: Math.round(exportCpuMs), mainThreadBusyMs: Math.round(mainBusyMs), cpus: availableParallelism(), ratio: +(exportMs / copyMs).toFixed(2), target: 2,
    exportBytes: out2.bytes(), copyBytes: out1.bytes(), peakRssMB: Math.round(peak / 2 ** 20), startRssMB: Math.round(startRss / 2 ** 20), rssTargetMB: 300, ...(stages ? { stages } : {}),
  }));
} finally {
  clearInterval(sampler);
  await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
  await db.end();
}
