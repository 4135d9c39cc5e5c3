// Retirement and destruction of source data: the history with each record's downstream lineage
// impact, a steward's form to record one, and the owner department's approve / reject for grade 3-4.
import { useMemo, useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, Modal, Radio, Select, Space, Table, Tabs, Tag, Typography, message } from 'antd';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import type { LifecycleRetirementsQuery, RetirementAction, RetirementAssetKind } from '../gql/graphql';
import { ErrorAlert } from '../components/ErrorAlert';
import { GradeTag } from '../components/GradeTag';
import { typedError } from '../api';
import { useMe } from '../auth';

const Retirements = graphql(`
  query LifecycleRetirements { retirements { id assetKind assetId assetPath sourceId action reason method grade ownerDepartment status requestedBy requestedAt decidedBy decidedAt decisionReason columnIds impact } }
`);
const Datasets = graphql(`
  query LifecycleRetirementDatasets { sources { id name datasets(first: 1000) { edges { node { id path grade } } } } }
`);
const Columns = graphql(`
  query LifecycleRetirementColumns($id: String!) { dataset(id: $id) { id columns { id name comment grade } } }
`);
const Record = graphql(`
  mutation LifecycleRecordRetirement($kind: RetirementAssetKind!, $id: String!, $action: RetirementAction!, $reason: String!, $method: String) {
    recordRetirement(kind: $kind, id: $id, action: $action, reason: $reason, method: $method) { __typename ... on Retirement { id status } ... on Error { message } }
  }
`);
const Approve = graphql(`
  mutation LifecycleApproveRetirement($id: String!, $reason: String) { approveRetirement(id: $id, reason: $reason) { __typename ... on Retirement { id status } ... on Error { message } } }
`);
const Reject = graphql(`
  mutation LifecycleRejectRetirement($id: String!, $reason: String!) { rejectRetirement(id: $id, reason: $reason) { __typename ... on Retirement { id status } ... on Error { message } } }
`);

type Retirement = NonNullable<LifecycleRetirementsQuery['retirements']>[number];
interface Impact { columns?: { id: string; path: string; grade: number | null; depth: number }[]; datasets?: { id: string; path: string; columns: number }[]; reconciliations?: string[]; exports?: string[]; truncated?: boolean }
const STATUS_COLOURS: Record<string, string> = { pending_owner: 'gold', approved: 'green', rejected: 'red' };

export function LifecycleRetirements() {
  const { t } = useTranslation();
  const { roles } = useMe();
  const steward = roles.some((r) => r === 'steward' || r === 'admin');
  return (
    <div data-testid="lifecycle-retirements">
      <Typography.Title level={4}>{t('lifecycle.retirements.title')}</Typography.Title>
      <Tabs items={[
        { key: 'list', label: t('lifecycle.retirements.list'), children: <History /> },
        ...(steward ? [{ key: 'new', label: t('lifecycle.retirements.new'), children: <RecordRetirement /> }] : []),
      ]} />
    </div>
  );
}

export function ImpactView({ impact }: { impact: Impact }) {
  const { t } = useTranslation();
  const columns = impact.columns ?? [];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="retirement-impact">
      <Typography.Text strong>{t('lifecycle.retirements.impact')}</Typography.Text>
      <Typography.Text>{t('lifecycle.retirements.impactSummary', { columns: columns.length, datasets: impact.datasets?.length ?? 0, reconciliations: impact.reconciliations?.length ?? 0, exports: impact.exports?.length ?? 0 })}</Typography.Text>
      {impact.truncated && <Alert type="warning" showIcon title={t('lifecycle.retirements.truncated')} />}
      {columns.length > 0 && (
        <Table size="small" rowKey={(c) => c.id} pagination={{ pageSize: 10 }} dataSource={columns} columns={[
          { title: t('lifecycle.retirements.path'), dataIndex: 'path' },
          { title: t('lifecycle.common.grade'), dataIndex: 'grade', render: (g) => <GradeTag grade={g} /> },
          { title: t('lifecycle.retirements.depth'), dataIndex: 'depth' },
        ]} />
      )}
      {(impact.reconciliations?.length ?? 0) > 0 && (
        <Descriptions size="small" column={1} items={[{ key: 'r', label: t('lifecycle.retirements.reconciliations'), children: impact.reconciliations!.join('、') }]} />
      )}
      {(impact.exports?.length ?? 0) > 0 && (
        <Descriptions size="small" column={1} items={[{ key: 'e', label: t('lifecycle.retirements.exports'), children: impact.exports!.join('、') }]} />
      )}
    </Space>
  );
}

function History() {
  const { t } = useTranslation();
  const { me, roles } = useMe();
  const approver = roles.includes('approver');
  const [res, refetch] = useQuery({ query: Retirements, requestPolicy: 'network-only' });
  const [, approve] = useMutation(Approve);
  const [, reject] = useMutation(Reject);
  const [rejecting, setRejecting] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const after = (err: string | null | undefined) => { if (err) return void message.error(err); void message.success(t('lifecycle.retirements.decided')); refetch({ requestPolicy: 'network-only' }); };
  return (
    <>
      <ErrorAlert error={res.error} />
      <Table<Retirement> size="small" rowKey={(r) => r.id ?? ''} dataSource={res.data?.retirements ?? []} scroll={{ x: 1100 }} data-testid="retirement-list"
        expandable={{ expandedRowRender: (r) => <ImpactView impact={(r.impact ?? {}) as Impact} /> }}
        columns={[
          { title: t('lifecycle.retirements.asset'), render: (_, r) => <Space size={4}><Tag>{t(`lifecycle.retirements.kinds.${r.assetKind}`, { defaultValue: r.assetKind })}</Tag>{r.assetPath}</Space> },
          { title: t('lifecycle.retirements.action'), dataIndex: 'action', render: (a) => t(`lifecycle.retirements.actions.${a}`, { defaultValue: a }) },
          { title: t('lifecycle.common.grade'), dataIndex: 'grade', render: (g) => <GradeTag grade={g} /> },
          { title: t('lifecycle.retirements.reason'), dataIndex: 'reason' },
          { title: t('lifecycle.retirements.owner'), dataIndex: 'ownerDepartment' },
          { title: t('lifecycle.retirements.status'), dataIndex: 'status', render: (s) => <Tag color={STATUS_COLOURS[s] ?? 'default'}>{t(`lifecycle.retirements.statuses.${s}`, { defaultValue: s })}</Tag> },
          { title: t('lifecycle.retirements.requestedBy'), dataIndex: 'requestedBy' },
          { title: t('lifecycle.retirements.decidedBy'), dataIndex: 'decidedBy' },
          { title: t('lifecycle.common.actions'), render: (_, r) => (approver && r.status === 'pending_owner' && r.requestedBy !== me?.id ? (
            <Space>
              <Button size="small" type="primary" onClick={async () => { const x = await approve({ id: r.id ?? '' }); after(x.error?.message ?? typedError(x.data?.approveRetirement)); }}>{t('lifecycle.retirements.approve')}</Button>
              <Button size="small" danger onClick={() => { setRejecting(r.id ?? ''); setReason(''); }}>{t('lifecycle.retirements.reject')}</Button>
            </Space>
          ) : null) },
        ]} />
      <Modal open={!!rejecting} title={t('lifecycle.retirements.reject')} onCancel={() => setRejecting(null)} okButtonProps={{ disabled: reason.trim().length < 2 }}
        onOk={async () => { const x = await reject({ id: rejecting!, reason: reason.trim() }); setRejecting(null); after(x.error?.message ?? typedError(x.data?.rejectRetirement)); }}>
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('lifecycle.retirements.rejectReason')} />
      </Modal>
    </>
  );
}

function RecordRetirement() {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ kind: RetirementAssetKind; datasetId: string; columnId?: string; action: RetirementAction; reason: string; method?: string }>();
  const datasetId = Form.useWatch('datasetId', form);
  const kind = Form.useWatch('kind', form);
  const [ds] = useQuery({ query: Datasets });
  const [cols] = useQuery({ query: Columns, variables: { id: datasetId ?? '' }, pause: !datasetId || kind !== 'Column' });
  const [state, record] = useMutation(Record);
  const [problem, setProblem] = useState<string | null>(null);
  const [recorded, setRecorded] = useState<string | null>(null);
  const [retirement] = useQuery({ query: Retirements, pause: !recorded, requestPolicy: 'network-only' });
  const shown = retirement.data?.retirements?.find((r) => r.id === recorded) ?? null;
  const datasetOptions = useMemo(() => (ds.data?.sources ?? []).map((s) => ({
    label: s.name, options: (s.datasets?.edges ?? []).map(({ node }) => ({ value: node.id!, label: `${node.path} · ${t('grade.level', { n: node.grade ?? '?' })}` })),
  })), [ds.data, t]);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card size="small" style={{ maxWidth: 760 }}>
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('lifecycle.retirements.ownerApprovalHint')} />
        <ErrorAlert error={ds.error ?? state.error} message={problem} />
        <Form form={form} layout="vertical" initialValues={{ kind: 'Column', action: 'retired' }} onFinish={async (v) => {
          const id = v.kind === 'Dataset' ? v.datasetId : v.columnId;
          if (!id) return void setProblem(t('form.required'));
          const r = await record({ kind: v.kind, id, action: v.action, reason: v.reason, method: v.method?.trim() || null });
          const err = typedError(r.data?.recordRetirement);
          setProblem(err);
          const got = r.data?.recordRetirement;
          if (!r.error && !err && got?.__typename === 'Retirement') { void message.success(t('lifecycle.retirements.recorded')); setRecorded(got.id); form.resetFields(); }
        }}>
          <Form.Item name="kind" label={t('lifecycle.retirements.kind')}>
            <Radio.Group options={(['Column', 'Dataset'] as const).map((k) => ({ value: k, label: t(`lifecycle.retirements.kinds.${k}`) }))} />
          </Form.Item>
          <Form.Item name="datasetId" label={t('lifecycle.common.dataset')} rules={[{ required: true, message: t('form.required') }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={datasetOptions} onChange={() => form.setFieldValue('columnId', undefined)} />
          </Form.Item>
          {kind === 'Column' && (
            <Form.Item name="columnId" label={t('lifecycle.retirements.column')} rules={[{ required: true, message: t('form.required') }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} loading={cols.fetching} options={(cols.data?.dataset?.columns ?? []).map((c) => ({ value: c.id!, label: `${c.name}${c.comment ? ` ${c.comment}` : ''} · ${t('grade.level', { n: c.grade ?? '?' })}` }))} />
            </Form.Item>
          )}
          <Form.Item name="action" label={t('lifecycle.retirements.action')}>
            <Radio.Group options={(['retired', 'destroyed'] as const).map((a) => ({ value: a, label: t(`lifecycle.retirements.actions.${a}`) }))} />
          </Form.Item>
          <Form.Item name="reason" label={t('lifecycle.retirements.reason')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}><Input.TextArea rows={2} /></Form.Item>
          <Form.Item name="method" label={t('lifecycle.retirements.method')}><Input /></Form.Item>
          <Button type="primary" htmlType="submit" loading={state.fetching} data-testid="record-retirement">{t('lifecycle.retirements.submit')}</Button>
        </Form>
      </Card>
      {shown && (
        <Card size="small" title={shown.assetPath}>
          <Tag color={STATUS_COLOURS[shown.status ?? ''] ?? 'default'}>{t(`lifecycle.retirements.statuses.${shown.status}`, { defaultValue: shown.status ?? '' })}</Tag>
          <ImpactView impact={(shown.impact ?? {}) as Impact} />
        </Card>
      )}
    </Space>
  );
}
