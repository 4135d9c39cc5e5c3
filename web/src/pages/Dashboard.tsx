// Dashboard: columns per grade and per category, share confirmed, per source, conformance per
// system, failed reconciliations, recent jobs.
import { Card, Col, Row, Statistic, Table, Tag, Empty } from 'antd';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import type { EChartsOption } from 'echarts';
import { graphql } from '../gql';
import { Chart } from '../components/Chart';
import { ErrorAlert } from '../components/ErrorAlert';
import { GRADE_COLOURS, gradeColour } from '../components/GradeTag';
import { useApiFields } from '../api';
import { useMe } from '../auth';

const StatsQuery = graphql(`
  query DashboardStats {
    gradeStats { columns confirmed shareConfirmed unclassified byGrade { grade columns } byCategory { categoryId columns } }
    gradeStatsBySource { scope columns confirmed shareConfirmed byGrade { grade columns } }
    categories { code path }
  }
`);
const ConformanceQuery = graphql(`
  query DashboardConformance { conformanceBySource { sourceId system columns mapped conforming partial nonconforming average } }
`);
const ReconciliationQuery = graphql(`
  query DashboardReconciliations { reconciliations { id name lastOk lastRunAt results(first: 1) { failingCount groups } } }
`);
const ActivityQuery = graphql(`
  query DashboardActivity { accessRequests(limit: 500) { id status grade createdAt } exports(limit: 10) { id requester datasetId status rowCount createdAt } }
`);

export function Dashboard() {
  const { t } = useTranslation();
  const api = useApiFields();
  const { roles } = useMe();
  const overseer = roles.some((r) => ['governance', 'auditor', 'admin'].includes(r));
  const [res] = useQuery({ query: StatsQuery });
  const s = res.data?.gradeStats;
  const grades = [1, 2, 3, 4];
  const byGrade = new Map((s?.byGrade ?? []).map((g) => [g.grade, g.columns ?? 0]));
  const catName = new Map((res.data?.categories ?? []).map((c) => [c.code, c.path]));
  const gradeOption: EChartsOption = {
    tooltip: {},
    xAxis: { type: 'category', data: [...grades.map((g) => t('grade.level', { n: g })), t('grade.none')] },
    yAxis: { type: 'value', name: t('dashboard.columns') },
    series: [{
      type: 'bar', name: t('dashboard.columns'), label: { show: true, position: 'top' },
      data: [...grades.map((g) => ({ value: byGrade.get(g) ?? 0, itemStyle: { color: GRADE_COLOURS[g] } })), { value: s?.unclassified ?? 0, itemStyle: { color: gradeColour(null) } }],
    }],
  };
  const categoryOption: EChartsOption = {
    tooltip: { trigger: 'item' },
    legend: { type: 'scroll', bottom: 0 },
    series: [{
      type: 'pie', radius: ['35%', '65%'], name: t('dashboard.byCategory'),
      data: (s?.byCategory ?? []).map((c) => ({ name: catName.get(c.categoryId ?? '') ?? c.categoryId ?? t('grade.none'), value: c.columns ?? 0 })),
    }],
  };
  const shareOption: EChartsOption = {
    series: [{
      type: 'gauge', min: 0, max: 100, splitNumber: 5, radius: '92%', progress: { show: true, width: 12 }, axisLine: { lineStyle: { width: 12 } },
      axisLabel: { distance: 16, fontSize: 10 }, splitLine: { length: 8 }, axisTick: { show: false }, pointer: { width: 4 },
      title: { offsetCenter: [0, '85%'], fontSize: 12 }, detail: { formatter: '{value}%', fontSize: 22, offsetCenter: [0, '45%'] },
      data: [{ value: Math.round((s?.shareConfirmed ?? 0) * 1000) / 10, name: t('dashboard.shareConfirmed') }],
    }],
  };
  const sources = res.data?.gradeStatsBySource ?? [];
  const perSourceOption: EChartsOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
    xAxis: { type: 'category', data: sources.map((x) => x.scope ?? ''), axisLabel: { rotate: 30 } },
    yAxis: { type: 'value' },
    series: grades.map((g) => ({
      type: 'bar', stack: 'grade', barMaxWidth: 48, name: t('grade.level', { n: g }), itemStyle: { color: GRADE_COLOURS[g] },
      data: sources.map((x) => x.byGrade?.find((b) => b.grade === g)?.columns ?? 0),
    })),
  };
  return (
    <div data-testid="dashboard">
      <ErrorAlert error={res.error} />
      <Row gutter={[16, 16]}>
        <Col xs={12} lg={6}><Card><Statistic title={t('dashboard.totalColumns')} value={s?.columns ?? 0} /></Card></Col>
        <Col xs={12} lg={6}><Card><Statistic title={t('dashboard.confirmed')} value={s?.confirmed ?? 0} /></Card></Col>
        <Col xs={12} lg={6}><Card><Statistic title={t('dashboard.unclassified')} value={s?.unclassified ?? 0} /></Card></Col>
        <Col xs={12} lg={6}><Card><Statistic title={t('dashboard.sources')} value={sources.length} /></Card></Col>
        <Col xs={24} lg={10}><Card title={t('dashboard.byGrade')}><Chart testId="chart-grade" option={gradeOption} /></Card></Col>
        <Col xs={24} lg={8}><Card title={t('dashboard.byCategory')}><Chart testId="chart-category" option={categoryOption} /></Card></Col>
        <Col xs={24} lg={6}><Card title={t('dashboard.shareConfirmed')}><Chart testId="chart-share" option={shareOption} /></Card></Col>
        <Col xs={24} lg={14}><Card title={t('dashboard.perSource')}><Chart testId="chart-sources" option={perSourceOption} height={320} /></Card></Col>
        <Col xs={24} lg={10}>{api.has('conformanceBySource') ? <ConformanceCard /> : null}</Col>
        <Col xs={24} lg={12}>{api.has('reconciliations') ? <ReconciliationCard /> : null}</Col>
        {overseer && api.has('accessRequests') && api.has('exports') ? <Activity /> : null}
      </Row>
    </div>
  );
}

function ConformanceCard() {
  const { t } = useTranslation();
  const [res] = useQuery({ query: ConformanceQuery });
  const rows = res.data?.conformanceBySource ?? [];
  const option: EChartsOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: rows.map((r) => r.system ?? r.sourceId ?? '') },
    series: (['conforming', 'partial', 'nonconforming'] as const).map((k, i) => ({
      type: 'bar', stack: 'c', name: t(`conformance.${k}`), itemStyle: { color: ['#52c41a', '#faad14', '#f5222d'][i] },
      data: rows.map((r) => r[k] ?? 0),
    })),
  };
  return (
    <Card title={t('dashboard.conformance')}>
      <ErrorAlert error={res.error} />
      {rows.length ? <Chart testId="chart-conformance" option={option} height={320} /> : <Empty />}
    </Card>
  );
}

function Activity() {
  const { t } = useTranslation();
  const [res] = useQuery({ query: ActivityQuery, requestPolicy: 'cache-and-network' });
  const requests = res.data?.accessRequests ?? [];
  const open = requests.filter((r) => r.status === 'pending' || r.status === 'changes_requested');
  const statuses = ['pending', 'changes_requested', 'approved', 'rejected', 'withdrawn', 'revoked', 'expired'];
  const grades = [1, 2, 3, 4];
  const option: EChartsOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 8, bottom: 8, top: 36, containLabel: true },
    xAxis: { type: 'category', data: statuses.map((s) => t(`requests.status.${s}`)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: grades.map((g) => ({
      type: 'bar', stack: 'g', barMaxWidth: 40, name: t('grade.level', { n: g }), itemStyle: { color: GRADE_COLOURS[g] },
      data: statuses.map((s) => requests.filter((r) => r.status === s && r.grade === g).length),
    })),
  };
  return (
    <>
      <Col xs={24} lg={12}>
        <Card title={t('dashboard.requests')} extra={<Tag color={open.length ? 'gold' : 'default'} data-testid="open-requests">{t('dashboard.openRequests', { count: open.length })}</Tag>}>
          <ErrorAlert error={res.error} />
          {requests.length ? <Chart testId="chart-requests" option={option} height={280} /> : <Empty description={t('dashboard.noRequests')} />}
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t('dashboard.recentExports')}>
          <Table size="small" rowKey="id" pagination={false} dataSource={res.data?.exports ?? []} data-testid="recent-exports" scroll={{ x: 560 }} locale={{ emptyText: t('dashboard.noExports') }} columns={[
            { title: t('requests.requester'), dataIndex: 'requester' },
            { title: t('catalogue.dataset'), dataIndex: 'datasetId', ellipsis: true },
            { title: t('requests.exportStatus'), dataIndex: 'status', render: (v) => <Tag>{t(`requests.exportStatuses.${v}`, { defaultValue: v })}</Tag> },
            { title: t('requests.rows'), dataIndex: 'rowCount' },
            { title: t('catalogue.at'), dataIndex: 'createdAt', render: (v) => v ? new Date(v).toLocaleString() : '' },
          ]} />
        </Card>
      </Col>
    </>
  );
}

function ReconciliationCard() {
  const { t } = useTranslation();
  const [res] = useQuery({ query: ReconciliationQuery });
  const failed = (res.data?.reconciliations ?? []).filter((r) => r.lastOk === false);
  return (
    <Card title={t('dashboard.failedReconciliations')}>
      <ErrorAlert error={res.error} />
      <Table size="small" rowKey="id" pagination={false} dataSource={failed} locale={{ emptyText: t('dashboard.noFailedReconciliations') }}
        columns={[
          { title: t('reconciliation.name'), dataIndex: 'name' },
          { title: t('reconciliation.lastRunAt'), dataIndex: 'lastRunAt', render: (v) => v ? new Date(v).toLocaleString() : '' },
          { title: t('reconciliation.failing'), render: (_, r) => r.results?.[0] ? `${r.results[0].failingCount ?? 0}/${r.results[0].groups ?? 0}` : '—' },
          { title: t('reconciliation.result'), render: () => <Tag color="red">{t('reconciliation.failed')}</Tag> },
        ]} />
    </Card>
  );
}
