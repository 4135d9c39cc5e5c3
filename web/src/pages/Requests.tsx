// Requests and approvals: my requests with their chain and downloads, a new request, the
// approver's inbox, and (governance, auditors) every request and export.
import { useMemo, useState } from 'react';
import { Button, Card, DatePicker, Form, Input, Modal, Select, Space, Steps, Table, Tabs, Tag, Typography, message } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { graphql } from '../gql';
import type { MyRequestsQuery } from '../gql/graphql';
import { ErrorAlert } from '../components/ErrorAlert';
import { GradeTag } from '../components/GradeTag';
import { typedError } from '../api';
import { useMe } from '../auth';

const MyRequests = graphql(`
  query MyRequests {
    myAccessRequests {
      id purpose endDate status grade format createdAt reason columnIds requester
      approvals { id order kind department status decidedBy decidedAt reason }
      exports { id datasetId status rowCount createdAt linkExpiresAt }
    }
  }
`);
const Inbox = graphql(`
  query ApprovalInbox {
    approvalsWaitingForMe { onBehalfOf approval { id kind department order } request { id requester purpose endDate grade columnIds createdAt } }
  }
`);
const AllRequests = graphql(`
  query AllRequests { accessRequests { id requester purpose endDate status grade createdAt } exports { id requester datasetId status rowCount createdAt watermarkId } }
`);
const Datasets = graphql(`
  query RequestableDatasets { sources { id name datasets(first: 1000) { edges { node { id path grade } } } } }
`);
const DatasetColumns = graphql(`
  query RequestableColumns($id: String!) { dataset(id: $id) { id columns { id name comment grade } } }
`);
const RequestAccess = graphql(`
  mutation RequestAccess($input: AccessRequestInput!) { requestAccess(input: $input) { __typename ... on AccessRequest { id status } ... on Error { message } } }
`);
const Approve = graphql(`
  mutation ApproveStep($id: String!, $reason: String) { approveAccessStep(approvalId: $id, reason: $reason) { __typename ... on AccessRequest { id status } ... on Error { message } } }
`);
const Reject = graphql(`
  mutation RejectStep($id: String!, $reason: String!) { rejectAccessStep(approvalId: $id, reason: $reason) { __typename ... on AccessRequest { id status } ... on Error { message } } }
`);
const Download = graphql(`
  mutation CreateDownloadLink($id: String!) { createDownloadLink(exportId: $id) { __typename ... on DownloadLink { url expiresAt } ... on Error { message } } }
`);

type MyRequest = NonNullable<MyRequestsQuery['myAccessRequests']>[number];
const STATUS_COLOURS: Record<string, string> = { pending: 'gold', approved: 'green', rejected: 'red', changes_requested: 'orange', withdrawn: 'default', revoked: 'red', expired: 'default', cancelled: 'default' };

export function Requests() {
  const { t } = useTranslation();
  const { roles } = useMe();
  const decider = roles.includes('approver') || roles.includes('governance');
  const overseer = roles.some((r) => ['governance', 'auditor', 'admin'].includes(r));
  return (
    <div data-testid="requests">
      <Typography.Title level={4}>{t('requests.title')}</Typography.Title>
      <Tabs items={[
        { key: 'mine', label: t('requests.mine'), children: <Mine /> },
        { key: 'new', label: t('requests.new'), children: <NewRequest /> },
        ...(decider ? [{ key: 'inbox', label: t('requests.inbox'), children: <ApproverInbox /> }] : []),
        ...(overseer ? [{ key: 'all', label: t('requests.all'), children: <Everything /> }] : []),
      ]} />
    </div>
  );
}

function Chain({ request }: { request: MyRequest }) {
  const { t } = useTranslation();
  const steps = [...(request.approvals ?? [])].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  const current = steps.findIndex((s) => s.status === 'pending');
  return (
    <Steps size="small" current={current < 0 ? steps.length : current} status={steps.some((s) => s.status === 'rejected') ? 'error' : undefined}
      items={steps.map((s) => ({
        title: t(`requests.step.${s.kind}`, { defaultValue: s.kind ?? '' }),
        content: <>{t(`requests.status.${s.status}`, { defaultValue: s.status ?? '' })}{s.decidedBy ? ` · ${s.decidedBy}` : ''}{s.department ? ` · ${s.department}` : ''}</>,
      }))} />
  );
}

function Mine() {
  const { t } = useTranslation();
  const [res] = useQuery({ query: MyRequests, requestPolicy: 'network-only' });
  const [, link] = useMutation(Download);
  async function download(id: string) {
    const r = await link({ id });
    const err = r.error?.message ?? typedError(r.data?.createDownloadLink);
    if (err) return void message.error(err);
    if (r.data?.createDownloadLink?.__typename === 'DownloadLink' && r.data.createDownloadLink.url) window.location.assign(r.data.createDownloadLink.url);
  }
  return (
    <>
      <ErrorAlert error={res.error} />
      <Table<MyRequest> rowKey={(r) => r.id!} size="small" dataSource={res.data?.myAccessRequests ?? []} scroll={{ x: 900 }}
        expandable={{ expandedRowRender: (r) => (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Chain request={r} />
            {r.reason && <Typography.Text type="danger">{r.reason}</Typography.Text>}
            <Table size="small" rowKey={(e) => e.id!} pagination={false} dataSource={r.exports ?? []} columns={[
              { title: t('catalogue.dataset'), dataIndex: 'datasetId' },
              { title: t('requests.exportStatus'), dataIndex: 'status', render: (v) => <Tag>{t(`requests.exportStatuses.${v}`, { defaultValue: v })}</Tag> },
              { title: t('requests.rows'), dataIndex: 'rowCount' },
              { title: t('common.actions'), render: (_, e) => <Button size="small" icon={<DownloadOutlined />} disabled={e.status !== 'ready'} data-testid={`download-${e.id}`} onClick={() => download(e.id!)}>{t('requests.download')}</Button> },
            ]} />
          </Space>
        ) }}
        columns={[
          { title: t('requests.purpose'), dataIndex: 'purpose' },
          { title: t('catalogue.grade'), dataIndex: 'grade', render: (g) => <GradeTag grade={g} /> },
          { title: t('requests.columns'), render: (_, r) => r.columnIds?.length ?? 0 },
          { title: t('requests.endDate'), dataIndex: 'endDate' },
          { title: t('requests.statusLabel'), dataIndex: 'status', render: (v) => <Tag color={STATUS_COLOURS[v] ?? 'default'}>{t(`requests.status.${v}`, { defaultValue: v })}</Tag> },
          { title: t('catalogue.at'), dataIndex: 'createdAt', render: (v) => v ? new Date(v).toLocaleString() : '' },
        ]} />
    </>
  );
}

function NewRequest() {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ datasetId: string; columnIds: string[]; purpose: string; endDate: Dayjs; format: 'csv' | 'xlsx' }>();
  const datasetId = Form.useWatch('datasetId', form);
  const [ds] = useQuery({ query: Datasets });
  const [cols] = useQuery({ query: DatasetColumns, variables: { id: datasetId ?? '' }, pause: !datasetId });
  const [state, request] = useMutation(RequestAccess);
  const [problem, setProblem] = useState<string | null>(null);
  const datasetOptions = useMemo(() => (ds.data?.sources ?? []).map((s) => ({
    label: s.name, options: (s.datasets?.edges ?? []).map(({ node }) => ({ value: node.id!, label: `${node.path} · ${t('grade.level', { n: node.grade ?? '?' })}` })),
  })), [ds.data, t]);
  return (
    <Card size="small" style={{ maxWidth: 760 }}>
      <ErrorAlert error={ds.error ?? state.error} message={problem} />
      <Form form={form} layout="vertical" initialValues={{ format: 'csv' }} onFinish={async (v) => {
        const r = await request({ input: { columnIds: v.columnIds, purpose: v.purpose, endDate: v.endDate.format('YYYY-MM-DD'), format: v.format } });
        const err = typedError(r.data?.requestAccess);
        setProblem(err);
        if (!r.error && !err) { void message.success(t('requests.submitted')); form.resetFields(); }
      }}>
        <Form.Item name="datasetId" label={t('catalogue.dataset')} rules={[{ required: true, message: t('form.required') }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={datasetOptions} onChange={() => form.setFieldValue('columnIds', [])} />
        </Form.Item>
        <Form.Item name="columnIds" label={t('requests.columns')} rules={[{ required: true, message: t('form.required') }]}>
          <Select mode="multiple" loading={cols.fetching} options={(cols.data?.dataset?.columns ?? []).map((c) => ({ value: c.id!, label: `${c.name}${c.comment ? ` ${c.comment}` : ''} · ${t('grade.level', { n: c.grade ?? '?' })}` }))} />
        </Form.Item>
        <Form.Item name="purpose" label={t('requests.purpose')} rules={[{ required: true, min: 4, message: t('requests.purposeRule') }]}><Input.TextArea rows={2} /></Form.Item>
        <Form.Item name="endDate" label={t('requests.endDate')} rules={[{ required: true, message: t('form.required') }]} extra={t('requests.endDateHelp')}><DatePicker /></Form.Item>
        <Form.Item name="format" label={t('requests.format')}><Select options={[{ value: 'csv', label: 'CSV' }, { value: 'xlsx', label: 'Excel (xlsx)' }]} /></Form.Item>
        <Button type="primary" htmlType="submit" loading={state.fetching}>{t('requests.submit')}</Button>
      </Form>
    </Card>
  );
}

function ApproverInbox() {
  const { t } = useTranslation();
  const [res, refetch] = useQuery({ query: Inbox, requestPolicy: 'network-only' });
  const [, approve] = useMutation(Approve);
  const [, reject] = useMutation(Reject);
  const [rejecting, setRejecting] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const after = (err: string | null | undefined) => { if (err) return void message.error(err); void message.success(t('requests.decided')); refetch({ requestPolicy: 'network-only' }); };
  return (
    <>
      <ErrorAlert error={res.error} />
      <Table size="small" rowKey={(w) => w.approval?.id ?? ''} dataSource={res.data?.approvalsWaitingForMe ?? []} scroll={{ x: 900 }} columns={[
        { title: t('requests.requester'), render: (_, w) => w.request?.requester },
        { title: t('requests.purpose'), render: (_, w) => w.request?.purpose },
        { title: t('catalogue.grade'), render: (_, w) => <GradeTag grade={w.request?.grade} /> },
        { title: t('requests.columns'), render: (_, w) => w.request?.columnIds?.length ?? 0 },
        { title: t('requests.endDate'), render: (_, w) => w.request?.endDate },
        { title: t('requests.stepLabel'), render: (_, w) => <>{t(`requests.step.${w.approval?.kind}`, { defaultValue: w.approval?.kind ?? '' })}{w.onBehalfOf ? <Tag style={{ marginLeft: 6 }}>{t('requests.onBehalfOf', { user: w.onBehalfOf })}</Tag> : null}</> },
        { title: t('common.actions'), render: (_, w) => (
          <Space>
            <Button size="small" type="primary" onClick={async () => { const r = await approve({ id: w.approval!.id! }); after(r.error?.message ?? typedError(r.data?.approveAccessStep)); }}>{t('requests.approve')}</Button>
            <Button size="small" danger onClick={() => { setRejecting(w.approval!.id!); setReason(''); }}>{t('requests.reject')}</Button>
          </Space>
        ) },
      ]} />
      <Modal open={!!rejecting} title={t('requests.reject')} onCancel={() => setRejecting(null)} okButtonProps={{ disabled: reason.trim().length < 4 }}
        onOk={async () => { const r = await reject({ id: rejecting!, reason: reason.trim() }); setRejecting(null); after(r.error?.message ?? typedError(r.data?.rejectAccessStep)); }}>
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('requests.rejectReason')} />
      </Modal>
    </>
  );
}

function Everything() {
  const { t } = useTranslation();
  const [res] = useQuery({ query: AllRequests, requestPolicy: 'network-only' });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <ErrorAlert error={res.error} />
      <Table size="small" rowKey={(r) => r.id!} dataSource={res.data?.accessRequests ?? []} scroll={{ x: 800 }} columns={[
        { title: t('requests.requester'), dataIndex: 'requester' },
        { title: t('requests.purpose'), dataIndex: 'purpose' },
        { title: t('catalogue.grade'), dataIndex: 'grade', render: (g) => <GradeTag grade={g} /> },
        { title: t('requests.statusLabel'), dataIndex: 'status', render: (v) => <Tag color={STATUS_COLOURS[v] ?? 'default'}>{t(`requests.status.${v}`, { defaultValue: v })}</Tag> },
        { title: t('requests.endDate'), dataIndex: 'endDate' },
      ]} />
      <Typography.Title level={5}>{t('requests.exports')}</Typography.Title>
      <Table size="small" rowKey={(e) => e.id!} dataSource={res.data?.exports ?? []} scroll={{ x: 800 }} columns={[
        { title: t('requests.requester'), dataIndex: 'requester' },
        { title: t('catalogue.dataset'), dataIndex: 'datasetId' },
        { title: t('requests.exportStatus'), dataIndex: 'status', render: (v) => <Tag>{t(`requests.exportStatuses.${v}`, { defaultValue: v })}</Tag> },
        { title: t('requests.rows'), dataIndex: 'rowCount' },
        { title: t('requests.watermark'), dataIndex: 'watermarkId' },
        { title: t('catalogue.at'), dataIndex: 'createdAt', render: (v) => v ? new Date(v).toLocaleString() : '' },
      ]} />
    </Space>
  );
}
