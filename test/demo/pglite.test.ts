// The demo on its default engine: an embedded PGlite served over its socket, as `fundgov demo` runs it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';
import { parse } from 'libpg-query';
import { buildDemoEstate } from '../../demo/index.ts';

test('builds the estate into PGlite over its socket; ETL files parse with libpg-query; the checks hold', async () => {
  const db = await PGlite.create();
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
  await server.start();
  const dir = await mkdtemp(join(tmpdir(), 'fundgov-demo-pglite-'));
  try {
    const pgUrl = `postgres://postgres@${server.getServerConn()}/postgres`;
    const estate = await buildDemoEstate({ pgUrl, dir, rowsPerCoreTable: 300, seed: 5 });
    assert.equal(estate.rowCounts['ta.taccoinfo'], 300);
    assert.ok(estate.rowCounts['dw.fact_cust_hold_d'] > 0);
    assert.equal(estate.openLineage.namespace, `postgres://${server.getServerConn()}`);

    for (const e of estate.etl) {
      const tree = await parse(await readFile(e.path, 'utf8'));
      assert.ok(tree.stmts && tree.stmts.length >= 3, e.file);
    }

    const client = new pg.Client(pgUrl);
    await client.connect();
    try {
      const { rows } = await client.query<{ fund: string; dt: string; diff: string }>(`
        WITH l AS (SELECT c_fundcode AS fund, d_cdate AS dt, sum(f_realshares) AS v FROM ta.tstaticshares GROUP BY 1, 2),
             r AS (SELECT c_jjdm AS fund, d_ywrq AS dt, sum(en_jjzfe) AS v FROM valuation.tgz_jzxx GROUP BY 1, 2)
        SELECT coalesce(l.fund, r.fund) AS fund, to_char(coalesce(l.dt, r.dt), 'YYYY-MM-DD') AS dt, (coalesce(r.v, 0) - coalesce(l.v, 0))::text AS diff
        FROM l FULL OUTER JOIN r ON l.fund = r.fund AND l.dt = r.dt
        WHERE abs(coalesce(r.v, 0) - coalesce(l.v, 0)) > 0.01`);
      assert.deepEqual(rows, [{ fund: estate.injectedBreak.fundCode, dt: estate.injectedBreak.date, diff: '12345.67' }]);
      const { rows: [pos] } = await client.query<{ n: string }>(`
        SELECT count(*) AS n FROM (SELECT c_jjdm, d_ywrq, sum(l_sl) AS v FROM valuation.tgz_zqcc GROUP BY 1, 2) l
        FULL JOIN (SELECT fund_code, biz_date, sum(hold_qty) AS v FROM invest.inv_position GROUP BY 1, 2) r
          ON l.c_jjdm = r.fund_code AND l.d_ywrq = r.biz_date
        WHERE l.v IS DISTINCT FROM r.v`);
      assert.equal(Number(pos.n), 0);
    } finally {
      await client.end();
    }
  } finally {
    await server.stop();
    await db.close();
    await rm(dir, { recursive: true, force: true });
  }
});
