// The classification inventory (数据分类分级清单) of a scope and the audit report of a period, as
// XLSX or PDF: generated as a job with progress, then downloaded once through a single-use link.
import { useMemo, useState } from 'react';
import { Alert, Button, Card, DatePicker, Form, Input, Radio, Select, Space, Switch, Table, Tag, Typography, message } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { graphql } from '../gql';
import type { ReportFormat } from '../gql/graphql';
import { ErrorAlert } from '../components/ErrorAlert';
import { JobProgress } from '../components/JobProgress';
import { typedError } from '../api';
import { useAuth, useMe } from '../auth';

const Reports = graphql(`
  query LifecycleReports($all: Boolean) { reports(all: $all) { id kind format scope actor status jobId createdAt finishedAt rows bytes error } }
`);
const Sources = graphql(`
  query LifecycleReportSources { sources { id name system } }
`);
const Inventory = graphql(`
  mutation LifecycleGenerateInventory($scope: String!, $format: ReportFormat!) { generateInventoryReport(scope: $scope, format: $format) { __typename ... on ReportJob { jobId reportId } ... on Error { message } } }
`);
const AuditReport = graphql(`
  mutation LifecycleGenerateAuditReport($from: String!, $to: String!, $format: ReportFormat!) { generateAuditReport(from: $from, to: $to, format: $format) { __typename ... on ReportJob { jobId reportId } ... on Error { message } } }
`);
const Link = graphql(`
  mutation LifecycleReportLink($reportId: String!) { createReportDownloadLink(reportId: $reportId) { __typename ... on ReportDownloadLink { url expiresAt } ... on Error { message } } }
`);

const STATUS_COLOURS: Record<string, string> = { generating: 'processing', ready: 'green', downloaded: 'default', failed: 'red', expired: 'default' };
type ScopeKind = 'firm' | 'system' | 'source' | 'department';
interface GenerateForm { kind: 'inventory' | 'audit'; scopeKind: ScopeKind; scopeValue?: string; period?: [Dayjs, Dayjs]; format: ReportFormat }

export function LifecycleReports() {
  const { t } = useTranslation();
  const { roles } = useMe();
  const overseer = roles.some((r) => ['governance', 'auditor', 'admin'].includes(r));
  const [job, setJob] = useState<{ jobId: string; reportId: string } | null>(null);
  const [all, setAll] = useState(false);
  const [res, refetch] = useQuery({ query: Reports, variables: { all }, requestPolicy: 'network-only' });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  return (
    <div data-testid="lifecycle-reports">
      <Typography.Title level={4}>{t('lifecycle.reports.title')}</Typography.Title>
      <Space orientation="vertical" style={{ width: '100%' }} size="large">
        <GenerateReport overseer={overseer} onStarted={(j) => { setJob(j); reload(); }} />
        {job && (
          <Card size="small" title={t('lifecycle.reports.progress')} data-testid="report-job">
            <JobProgress key={job.jobId} jobId={job.jobId} onDone={() => reload()} />
          </Card>
        )}
        <ReportList rows={res.data?.reports ?? []} error={res.error} all={all} onAll={overseer ? setAll : null} onDownloaded={reload} />
      </Space>
    </div>
  );
}

function GenerateReport({ overseer, onStarted }: { overseer: boolean; onStarted: (job: { jobId: string; reportId: string }) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<GenerateForm>();
  const kind = Form.useWatch('kind', form);
  const scopeKind = Form.useWatch('scopeKind', form);
  const [sources] = useQuery({ query: Sources });
  const [inv, inventory] = useMutation(Inventory);
  const [aud, audit] = useMutation(AuditReport);
  const [problem, setProblem] = useState<string | null>(null);
  const systems = useMemo(() => [...new Set((sources.data?.sources ?? []).map((s) => s.system).filter((s): s is string => !!s))].sort(), [sources.data]);
  return (
    <Card size="small" style={{ maxWidth: 760 }}>
      <ErrorAlert error={sources.error ?? inv.error ?? aud.error} message={problem} />
      <Form form={form} layout="vertical" initialValues={{ kind: 'inventory', scopeKind: 'firm', format: 'xlsx' }} onFinish={async (v) => {
        let out: { __typename?: string; message?: string | null; jobId?: string | null; reportId?: string | null } | null | undefined;
        if (v.kind === 'inventory') {
          const scope = v.scopeKind === 'firm' ? 'firm' : `${v.scopeKind}:${v.scopeValue ?? ''}`;
          out = (await inventory({ scope, format: v.format })).data?.generateInventoryReport;
        } else {
          out = (await audit({ from: v.period![0].format('YYYY-MM-DD'), to: v.period![1].format('YYYY-MM-DD'), format: v.format })).data?.generateAuditReport;
        }
        const err = typedError(out);
        setProblem(err);
        if (!err && out?.jobId && out.reportId) { void message.success(t('lifecycle.reports.started')); onStarted({ jobId: out.jobId, reportId: out.reportId }); }
      }}>
        <Form.Item name="kind" label={t('lifecycle.reports.kind')}>
          <Radio.Group options={(overseer ? ['inventory', 'audit'] as const : ['inventory'] as const).map((k) => ({ value: k, label: t(`lifecycle.reports.kinds.${k}`) }))} />
        </Form.Item>
        {kind !== 'audit' ? (
          <Space align="start" wrap>
            <Form.Item name="scopeKind" label={t('lifecycle.reports.scope')}>
              <Select style={{ width: 160 }} onChange={() => form.setFieldValue('scopeValue', undefined)} options={(['firm', 'system', 'source', 'department'] as const).map((k) => ({ value: k, label: t(`lifecycle.reports.scopes.${k}`, { name: '' }) }))} />
            </Form.Item>
            {scopeKind === 'system' && (
              <Form.Item name="scopeValue" label=" " rules={[{ required: true, message: t('form.required') }]}>
                <Select style={{ width: 240 }} options={systems.map((s) => ({ value: s, label: t('lifecycle.reports.scopes.system', { name: s }) }))} />
              </Form.Item>
            )}
            {scopeKind === 'source' && (
              <Form.Item name="scopeValue" label=" " rules={[{ required: true, message: t('form.required') }]}>
                <Select style={{ width: 280 }} showSearch={{ optionFilterProp: 'label' }} options={(sources.data?.sources ?? []).map((s) => ({ value: s.id, label: t('lifecycle.reports.scopes.source', { name: s.name }) }))} />
              </Form.Item>
            )}
            {scopeKind === 'department' && (
              <Form.Item name="scopeValue" label=" " rules={[{ required: true, whitespace: true, message: t('form.required') }]}><Input style={{ width: 240 }} /></Form.Item>
            )}
          </Space>
        ) : (
          <Form.Item name="period" label={t('lifecycle.reports.period')} rules={[{ required: true, message: t('form.required') }]}><DatePicker.RangePicker /></Form.Item>
        )}
        <Form.Item name="format" label={t('lifecycle.reports.format')}>
          <Radio.Group options={[{ value: 'xlsx', label: 'Excel (xlsx)' }, { value: 'pdf', label: 'PDF' }]} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={inv.fetching || aud.fetching} data-testid="generate-report">{t('lifecycle.reports.generate')}</Button>
      </Form>
    </Card>
  );
}

interface ReportRow { id: string | null; kind: string | null; format: string | null; scope: string | null; actor: string | null; status: string | null; createdAt: string | null; rows?: number | null; error?: string | null }

function ReportList({ rows, error, all, onAll, onDownloaded }: { rows: ReportRow[]; error: Parameters<typeof ErrorAlert>[0]['error']; all: boolean; onAll: ((v: boolean) => void) | null; onDownloaded: () => void }) {
  const { t } = useTranslation();
  const { token } = useAuth();
  const { me } = useMe();
  const [, link] = useMutation(Link);
  const [busy, setBusy] = useState<string | null>(null);
  // The report route wants the Authorization header, so the file is fetched and saved from a blob.
  async function download(r: ReportRow) {
    setBusy(r.id);
    try {
      const l = await link({ reportId: r.id ?? '' });
      const err = l.error?.message ?? typedError(l.data?.createReportDownloadLink);
      if (err) return void message.error(err);
      const got = l.data?.createReportDownloadLink;
      const url = got?.__typename === 'ReportDownloadLink' ? got.url : null;
      if (!url) return;
      const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      if (!res.ok) return void message.error(((await res.json().catch(() => null)) as { error?: string } | null)?.error ?? res.statusText);
      const blob = await res.blob();
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `fundgov-${r.kind}-${r.id}.${r.format}`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    } finally {
      setBusy(null);
      onDownloaded();
    }
  }
  return (
    <Card size="small" title={t('lifecycle.reports.list')} extra={onAll ? <Space>{t('lifecycle.reports.all')}<Switch size="small" checked={all} onChange={onAll} /></Space> : null}>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('lifecycle.reports.downloadHint')} />
      <ErrorAlert error={error} />
      <Table<ReportRow> size="small" rowKey={(r) => r.id ?? ''} dataSource={rows} scroll={{ x: 900 }} data-testid="report-list" columns={[
        { title: t('lifecycle.reports.kind'), dataIndex: 'kind', render: (k) => t(`lifecycle.reports.kinds.${k}`, { defaultValue: k }) },
        { title: t('lifecycle.reports.scope'), dataIndex: 'scope' },
        { title: t('lifecycle.reports.format'), dataIndex: 'format', render: (f: string | null) => (f ?? '').toUpperCase() },
        { title: t('lifecycle.reports.status'), dataIndex: 'status', render: (s, r) => <Tag color={STATUS_COLOURS[s] ?? 'default'} title={r.error ?? undefined}>{t(`lifecycle.reports.statuses.${s}`, { defaultValue: s })}</Tag> },
        { title: t('lifecycle.reports.rows'), dataIndex: 'rows' },
        { title: t('lifecycle.reports.actor'), dataIndex: 'actor' },
        { title: t('lifecycle.reports.createdAt'), dataIndex: 'createdAt', render: (v) => (v ? new Date(v).toLocaleString() : '') },
        { title: t('lifecycle.common.actions'), render: (_, r) => (
          <Button size="small" icon={<DownloadOutlined />} loading={busy === r.id} disabled={r.status !== 'ready' || r.actor !== me?.id} data-testid={`download-report-${r.id}`} onClick={() => download(r)}>
            {t('lifecycle.reports.download')}
          </Button>
        ) },
      ]} />
    </Card>
  );
}
