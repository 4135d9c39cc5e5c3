// Catalogue: sources with registration and harvest (live progress), a source's datasets, a dataset's
// columns with grades, owners, standards and versions.
import { useState } from 'react';
import { Button, Card, Descriptions, Drawer, Form, Input, Modal, Select, Space, Table, Tag, Tooltip, Typography, message } from 'antd';
import { PlusOutlined, CloudDownloadOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import type { SourceInput, SourceKind } from '../gql/graphql';

const SOURCE_KINDS: SourceKind[] = ['postgres', 'csv', 'ddl'];
import { ErrorAlert } from '../components/ErrorAlert';
import { GradeTag, StatusTag } from '../components/GradeTag';
import { JobProgress } from '../components/JobProgress';
import { typedError } from '../api';
import { useMe } from '../auth';

const SourcesQuery = graphql(`
  query Sources { sources { id name system kind path dialect schemas hasCredentials lastHarvestAt lastHarvestStatus } }
`);
const RegisterSource = graphql(`
  mutation RegisterSource($input: SourceInput!) {
    registerSource(input: $input) { __typename ... on Source { id name } ... on Error { message } }
  }
`);
const StartHarvest = graphql(`
  mutation StartHarvest($sourceId: String!) {
    startHarvest(sourceId: $sourceId) { __typename ... on Job { id status } ... on Error { message } }
  }
`);
const SourceQuery = graphql(`
  query Source($id: String!) {
    source(id: $id) { id name system kind lastHarvestAt datasets(first: 1000) { edges { node { id name schema kind path columnCount grade dropped } } } }
  }
`);
const DatasetQuery = graphql(`
  query Dataset($id: String!) {
    dataset(id: $id) {
      id name path kind schema sourceId comment description grade columnCount rowEstimate
      ownership { owner custodian reportingChecker consumers inherited }
      columns {
        id name dataType length precision scale nullable primaryKey comment grade gradeStatus categoryId categoryPath confidence
        needsReview standardCode dropped version
        conformance { status score }
        ownership { owner custodian inherited }
        versions { version kind at attributes }
      }
    }
  }
`);

const STEWARD_ROLES = ['steward', 'admin'];

export function Catalogue() {
  const { t } = useTranslation();
  const { roles } = useMe();
  const canEdit = roles.some((r) => STEWARD_ROLES.includes(r));
  const [res, refetch] = useQuery({ query: SourcesQuery });
  const [, harvest] = useMutation(StartHarvest);
  const [registering, setRegistering] = useState(false);
  const [job, setJob] = useState<{ id: string; source: string } | null>(null);

  async function startHarvest(sourceId: string) {
    const r = await harvest({ sourceId });
    const err = r.error?.message ?? typedError(r.data?.startHarvest);
    if (err) return void message.error(err);
    if (r.data?.startHarvest?.__typename === 'Job') setJob({ id: r.data.startHarvest.id!, source: sourceId });
  }

  return (
    <div data-testid="catalogue">
      <Space style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('catalogue.sources')}</Typography.Title>
        {canEdit && <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)} data-testid="register-open">{t('catalogue.register')}</Button>}
      </Space>
      <ErrorAlert error={res.error} />
      <Table
        rowKey="id" size="middle" loading={res.fetching && !res.data} dataSource={res.data?.sources ?? []} scroll={{ x: 900 }}
        columns={[
          { title: t('catalogue.name'), dataIndex: 'name', render: (v, s) => <Link to={`/catalogue/source/${encodeURIComponent(s.id!)}`}>{v}</Link> },
          { title: t('catalogue.system'), dataIndex: 'system' },
          { title: t('catalogue.kind'), dataIndex: 'kind', render: (v) => <Tag>{t(`sourceKind.${v}`)}</Tag> },
          { title: t('catalogue.lastHarvestAt'), dataIndex: 'lastHarvestAt', render: (v) => v ? new Date(v).toLocaleString() : '—' },
          { title: t('catalogue.lastHarvestStatus'), dataIndex: 'lastHarvestStatus', render: (v?: string | null) => <HarvestStatus status={v} /> },
          ...(canEdit ? [{ title: t('common.actions'), render: (_: unknown, s: { id?: string | null }) => <Button size="small" icon={<CloudDownloadOutlined />} data-testid={`harvest-${s.id}`} onClick={() => startHarvest(s.id!)}>{t('catalogue.harvest')}</Button> }] : []),
        ]}
      />
      <RegisterDrawer open={registering} onClose={() => setRegistering(false)} onDone={(id) => { setRegistering(false); refetch({ requestPolicy: 'network-only' }); void startHarvest(id); }} />
      <Modal open={!!job} title={t('catalogue.harvesting', { source: job?.source ?? '' })} footer={null} onCancel={() => { setJob(null); refetch({ requestPolicy: 'network-only' }); }} destroyOnHidden>
        {job && <JobProgress jobId={job.id} onDone={() => refetch({ requestPolicy: 'network-only' })} />}
      </Modal>
    </div>
  );
}

// The server records 'ok', 'ok with N problems', 'cancelled' or 'failed: <reason>'.
function HarvestStatus({ status }: { status?: string | null }) {
  const { t } = useTranslation();
  if (!status) return <>—</>;
  const problems = /^ok with (\d+) problems?/.exec(status);
  if (status === 'ok' || problems) return <Tag color={problems ? 'gold' : 'green'}>{problems ? t('job.problems', { count: Number(problems[1]) }) : t('job.status.succeeded')}</Tag>;
  if (status === 'cancelled') return <Tag>{t('job.status.cancelled')}</Tag>;
  return <Tooltip title={status.replace(/^failed:\s*/, '')}><Tag color="red">{t('job.status.failed')}</Tag></Tooltip>;
}

function RegisterDrawer({ open, onClose, onDone }: { open: boolean; onClose(): void; onDone(id: string): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<SourceInput & { schemasText?: string }>();
  const kind = Form.useWatch('kind', form);
  const [state, register] = useMutation(RegisterSource);
  const [problem, setProblem] = useState<string | null>(null);
  async function submit(values: SourceInput & { schemasText?: string }) {
    const { schemasText, ...input } = values;
    const schemas = schemasText?.split(/[\s,，]+/).filter(Boolean);
    const r = await register({ input: { ...input, schemas: schemas?.length ? schemas : undefined } });
    const err = typedError(r.data?.registerSource);
    setProblem(err);
    if (!r.error && !err && r.data?.registerSource?.__typename === 'Source') { form.resetFields(); onDone(r.data.registerSource.id!); }
  }
  return (
    <Drawer open={open} onClose={onClose} title={t('catalogue.register')} size={480} destroyOnHidden>
      <ErrorAlert error={state.error} message={problem} />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ kind: 'postgres' }}>
        <Form.Item name="id" label={t('catalogue.id')} rules={[{ required: true, message: t('form.required') }]} extra={t('catalogue.idHelp')}><Input data-testid="source-id" /></Form.Item>
        <Form.Item name="name" label={t('catalogue.name')} rules={[{ required: true, message: t('form.required') }]}><Input data-testid="source-name" /></Form.Item>
        <Form.Item name="system" label={t('catalogue.system')} rules={[{ required: true, message: t('form.required') }]} extra={t('catalogue.systemHelp')}><Input data-testid="source-system" /></Form.Item>
        <Form.Item name="kind" label={t('catalogue.kind')} rules={[{ required: true }]}>
          <Select options={SOURCE_KINDS.map((k) => ({ value: k, label: t(`sourceKind.${k}`) }))} />
        </Form.Item>
        {kind === 'postgres' ? (
          <>
            <Form.Item name="connectionUrl" label={t('catalogue.connectionUrl')} extra={t('catalogue.connectionHelp')} rules={[{ required: true, message: t('form.required') }]}><Input.Password autoComplete="off" /></Form.Item>
            <Form.Item name="schemasText" label={t('catalogue.schemas')}><Input /></Form.Item>
          </>
        ) : (
          <>
            <Form.Item name="path" label={t('catalogue.path')} extra={t('catalogue.pathHelp')} rules={[{ required: true, message: t('form.required') }]}><Input data-testid="source-path" /></Form.Item>
            {kind === 'ddl' && <Form.Item name="dialect" label={t('catalogue.dialect')}><Select allowClear options={['mysql', 'postgres', 'oracle'].map((d) => ({ value: d, label: d }))} /></Form.Item>}
          </>
        )}
        <Button type="primary" htmlType="submit" loading={state.fetching} data-testid="register-submit">{t('catalogue.registerAndHarvest')}</Button>
      </Form>
    </Drawer>
  );
}

export function SourcePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [res] = useQuery({ query: SourceQuery, variables: { id } });
  const src = res.data?.source;
  return (
    <div data-testid="source-page">
      <ErrorAlert error={res.error} />
      <Typography.Title level={4}><Link to="/catalogue">{t('catalogue.sources')}</Link> / {src?.name ?? id}</Typography.Title>
      <Table
        rowKey={(r) => r.node.id!} size="middle" loading={res.fetching && !res.data} dataSource={src?.datasets?.edges ?? []} scroll={{ x: 800 }}
        columns={[
          { title: t('catalogue.dataset'), render: (_, { node }) => <Link to={`/catalogue/dataset/${encodeURIComponent(node.id!)}`}>{node.path ?? node.name}</Link> },
          { title: t('catalogue.kind'), render: (_, { node }) => t(`datasetKind.${node.kind}`, { defaultValue: node.kind ?? '' }) },
          { title: t('catalogue.columnCount'), render: (_, { node }) => node.columnCount },
          { title: t('catalogue.grade'), render: (_, { node }) => <GradeTag grade={node.grade} />, sorter: (a, b) => (a.node.grade ?? 0) - (b.node.grade ?? 0) },
          { title: t('catalogue.dropped'), render: (_, { node }) => node.dropped ? <Tag color="red">{t('catalogue.dropped')}</Tag> : null },
        ]}
      />
    </div>
  );
}

export function DatasetPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [res] = useQuery({ query: DatasetQuery, variables: { id } });
  const d = res.data?.dataset;
  const o = d?.ownership;
  return (
    <div data-testid="dataset-page">
      <ErrorAlert error={res.error} />
      {d && (
        <>
          <Typography.Title level={4}>
            <Link to={`/catalogue/source/${encodeURIComponent(d.sourceId ?? '')}`}>{d.sourceId}</Link> / {d.path ?? d.name} <GradeTag grade={d.grade} />
          </Typography.Title>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={{ xs: 1, md: 3 }} items={[
              { key: 'kind', label: t('catalogue.kind'), children: t(`datasetKind.${d.kind}`, { defaultValue: d.kind ?? '' }) },
              { key: 'rows', label: t('catalogue.rowEstimate'), children: d.rowEstimate ?? '—' },
              { key: 'comment', label: t('catalogue.comment'), children: d.description ?? d.comment ?? '—' },
              { key: 'owner', label: t('ownership.owner'), children: o?.owner ?? <Tag color="red">{t('ownership.missing')}</Tag> },
              { key: 'custodian', label: t('ownership.custodian'), children: o?.custodian ?? <Tag color="red">{t('ownership.missing')}</Tag> },
              { key: 'checker', label: t('ownership.reportingChecker'), children: o?.reportingChecker ?? '—' },
              { key: 'consumers', label: t('ownership.consumers'), children: o?.consumers?.join('、') || '—' },
            ]} />
          </Card>
          <Table
            rowKey="id" size="small" dataSource={d.columns ?? []} pagination={false} scroll={{ x: 1100 }}
            expandable={{
              expandedRowRender: (c) => (
                <Table size="small" rowKey="version" pagination={false} dataSource={c.versions ?? []} columns={[
                  { title: t('catalogue.version'), dataIndex: 'version' },
                  { title: t('catalogue.change'), dataIndex: 'kind', render: (v) => t(`versionKind.${v}`, { defaultValue: v }) },
                  { title: t('catalogue.attributes'), dataIndex: 'attributes', render: (v?: string[] | null) => v?.join(', ') },
                  { title: t('catalogue.at'), dataIndex: 'at', render: (v) => v ? new Date(v).toLocaleString() : '' },
                ]} />
              ),
            }}
            columns={[
              { title: t('catalogue.column'), dataIndex: 'name', fixed: 'left', render: (v, c) => <Space>{v}{c.primaryKey && <Tag>{t('catalogue.pk')}</Tag>}{c.dropped && <Tag color="red">{t('catalogue.dropped')}</Tag>}</Space> },
              { title: t('catalogue.type'), render: (_, c) => typeWithSize(c) },
              { title: t('catalogue.comment'), dataIndex: 'comment' },
              { title: t('catalogue.grade'), render: (_, c) => <GradeTag grade={c.grade} /> },
              { title: t('catalogue.gradeStatus'), render: (_, c) => <StatusTag status={c.gradeStatus} /> },
              { title: t('catalogue.category'), dataIndex: 'categoryPath' },
              { title: t('catalogue.standard'), render: (_, c) => c.standardCode ? <Space>{c.standardCode}{c.conformance?.status && <Tag color={c.conformance.status === 'conforming' ? 'green' : c.conformance.status === 'partial' ? 'gold' : 'red'}>{t(`conformance.${c.conformance.status}`, { defaultValue: c.conformance.status })}</Tag>}</Space> : '—' },
              { title: t('ownership.owner'), render: (_, c) => c.ownership?.owner ?? '—' },
              { title: t('common.actions'), render: (_, c) => <Link to={`/lineage?column=${encodeURIComponent(c.id!)}`}>{t('lineage.open')}</Link> },
            ]}
          />
        </>
      )}
    </div>
  );
}

/** The type as the source writes it; sizes are appended only when the source's own text lacks them. */
function typeWithSize(c: { dataType?: string | null; length?: number | null; precision?: number | null; scale?: number | null }): string {
  const base = c.dataType ?? '';
  if (base.includes('(')) return base;
  const size = c.length ?? c.precision;
  return size ? `${base}(${size}${c.scale ? `,${c.scale}` : ''})` : base;
}
