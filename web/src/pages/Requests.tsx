// Requests and approvals: my requests with their chain and downloads, a new request, the
// approver's inbox, and (governance, auditors) every request and export.
import { useMemo, useState } from 'react';
import { Alert, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Steps, Switch, Table, Tabs, Tag, Typography, message } from 'antd';
import { DeleteOutlined, DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { graphql } from '../gql';
import type { AccessPolicyRuleInput, ApprovalStepKind, FilterConditionInput, FilterOp, MyRequestsQuery } from '../gql/graphql';
import { ErrorAlert } from '../components/ErrorAlert';
import { GradeTag } from '../components/GradeTag';
import { typedError } from '../api';
import { useAuth, useMe } from '../auth';

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
  query RequestableColumns($id: String!) { dataset(id: $id) { id columns { id name comment grade categoryId dataType } } }
`);
const PolicyDoc = graphql(`
  query AccessPolicy { accessPolicy { version actor at reason rules { grade category steps maxDays maskedByDefault } } }
`);
const SavePolicyDoc = graphql(`
  mutation SaveAccessPolicy($rules: [AccessPolicyRuleInput!]!, $reason: String!, $expectedVersion: Int) {
    saveAccessPolicy(rules: $rules, reason: $reason, expectedVersion: $expectedVersion) { __typename ... on AccessPolicy { version } ... on Error { message } }
  }
`);
const SetDelegationDoc = graphql(`
  mutation SetDelegation($to: String!, $until: String!) { setApprovalDelegation(delegateId: $to, until: $until) { __typename ... on Delegation { delegateTo delegateUntil } ... on Error { message } } }
`);
const ClearDelegationDoc = graphql(`
  mutation ClearDelegation { clearApprovalDelegation { __typename ... on Delegation { delegateTo delegateUntil } ... on Error { message } } }
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
  const policyEditor = roles.includes('governance') || roles.includes('admin');
  return (
    <div data-testid="requests">
      <Typography.Title level={4}>{t('requests.title')}</Typography.Title>
      <Tabs items={[
        { key: 'mine', label: t('requests.mine'), children: <Mine /> },
        { key: 'new', label: t('requests.new'), children: <NewRequest /> },
        ...(decider ? [{ key: 'inbox', label: t('requests.inbox'), children: <ApproverInbox /> }] : []),
        ...(decider ? [{ key: 'delegation', label: t('requests.delegation'), children: <Delegation /> }] : []),
        ...(overseer ? [{ key: 'all', label: t('requests.all'), children: <Everything /> }] : []),
        ...(policyEditor ? [{ key: 'policy', label: t('policy.title'), children: <PolicyEditor /> }] : []),
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
  const [res, refetch] = useQuery({ query: MyRequests, requestPolicy: 'network-only' });
  const { token } = useAuth();
  const [, link] = useMutation(Download);
  const [busy, setBusy] = useState<string | null>(null);
  // The link needs the Authorization header, so the file is fetched here and handed to the browser as a blob.
  async function download(id: string) {
    setBusy(id);
    try {
      const r = await link({ id });
      const err = r.error?.message ?? typedError(r.data?.createDownloadLink);
      if (err) return void message.error(err);
      if (r.data?.createDownloadLink?.__typename !== 'DownloadLink' || !r.data.createDownloadLink.url) return;
      const file = await fetch(r.data.createDownloadLink.url, { headers: { authorization: `Bearer ${token}` } });
      if (!file.ok) {
        const body = await file.json().catch(() => ({})) as { error?: string };
        return void message.error(body.error ?? t('requests.downloadFailed', { status: file.status }));
      }
      const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(file.headers.get('content-disposition') ?? '')?.[1];
      const a = document.createElement('a');
      a.href = URL.createObjectURL(await file.blob());
      a.download = name ? decodeURIComponent(name) : `${id}.csv`;
      document.body.appendChild(a); a.click(); a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
      void message.success(t('requests.downloaded'));
    } finally {
      setBusy(null);
      refetch({ requestPolicy: 'network-only' });
    }
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
              { title: t('common.actions'), render: (_, e) => <Button size="small" icon={<DownloadOutlined />} loading={busy === e.id} disabled={e.status !== 'ready'} data-testid={`download-${e.id}`} onClick={() => download(e.id!)}>{t('requests.download')}</Button> },
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

const FILTER_OPS: FilterOp[] = ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'in', 'prefix', 'is_null', 'not_null'];
const NO_VALUE: FilterOp[] = ['is_null', 'not_null'];

interface RequestForm {
  datasetId: string; columnIds: string[]; purpose: string; endDate: Dayjs; format: 'csv' | 'xlsx';
  filter?: { columnId?: string; op?: FilterOp; value?: string; values?: string[] }[];
  clearColumnIds?: string[]; clearJustification?: string;
}

function NewRequest() {
  const { t } = useTranslation();
  const [form] = Form.useForm<RequestForm>();
  const datasetId = Form.useWatch('datasetId', form);
  const columnIds = Form.useWatch('columnIds', form) ?? [];
  const clearIds = Form.useWatch('clearColumnIds', form) ?? [];
  const conditions = Form.useWatch('filter', form) ?? [];
  const [ds] = useQuery({ query: Datasets });
  const [policy] = useQuery({ query: PolicyDoc });
  const [cols] = useQuery({ query: DatasetColumns, variables: { id: datasetId ?? '' }, pause: !datasetId });
  const [state, request] = useMutation(RequestAccess);
  const [problem, setProblem] = useState<string | null>(null);
  const datasetOptions = useMemo(() => (ds.data?.sources ?? []).map((s) => ({
    label: s.name, options: (s.datasets?.edges ?? []).map(({ node }) => ({ value: node.id!, label: `${node.path} · ${t('grade.level', { n: node.grade ?? '?' })}` })),
  })), [ds.data, t]);
  const columns = cols.data?.dataset?.columns ?? [];
  const chosen = columns.filter((c) => columnIds.includes(c.id!));
  // The policy rule that governs the request: the highest grade asked for (ungraded counts as 4).
  const grade = chosen.length ? Math.max(...chosen.map((c) => c.grade ?? 4)) : null;
  const rules = policy.data?.accessPolicy?.rules ?? [];
  const ruleOf = (g: number) => rules.find((r) => r.grade === g && !r.category) ?? rules.find((r) => r.grade === g);
  const maxDays = grade ? Math.min(...chosen.map((c) => ruleOf(c.grade ?? 4)?.maxDays ?? 365)) : null;
  const steps = grade ? ruleOf(grade)?.steps ?? [] : [];
  const masked = chosen.filter((c) => ruleOf(c.grade ?? 4)?.maskedByDefault);
  const colLabel = (c: (typeof columns)[number]) => `${c.name}${c.comment ? ` ${c.comment}` : ''} · ${t('grade.level', { n: c.grade ?? '?' })}`;

  async function submit(v: RequestForm) {
    const filter: FilterConditionInput[] = (v.filter ?? []).filter((f) => f.columnId && f.op).map((f) => ({
      columnId: f.columnId!, op: f.op!,
      ...(f.op === 'in' ? { values: f.values ?? [] } : NO_VALUE.includes(f.op!) ? {} : { value: f.value ?? '' }),
    }));
    const r = await request({ input: {
      columnIds: v.columnIds, purpose: v.purpose, endDate: v.endDate.format('YYYY-MM-DD'), format: v.format,
      filter: filter.length ? filter : undefined,
      clearColumnIds: v.clearColumnIds?.length ? v.clearColumnIds : undefined,
      clearJustification: v.clearColumnIds?.length ? v.clearJustification : undefined,
    } });
    const err = typedError(r.data?.requestAccess);
    setProblem(err);
    if (!r.error && !err) { void message.success(t('requests.submitted')); form.resetFields(); }
  }
  return (
    <Card size="small" style={{ maxWidth: 860 }} data-testid="new-request">
      <ErrorAlert error={ds.error ?? state.error} message={problem} />
      <Form form={form} layout="vertical" initialValues={{ format: 'csv', filter: [] }} onFinish={submit}>
        <Form.Item name="datasetId" label={t('catalogue.dataset')} rules={[{ required: true, message: t('form.required') }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={datasetOptions} data-testid="request-dataset"
            onChange={() => form.setFieldsValue({ columnIds: [], filter: [], clearColumnIds: [] })} />
        </Form.Item>
        <Form.Item name="columnIds" label={t('requests.columns')} rules={[{ required: true, message: t('form.required') }]}>
          <Select mode="multiple" loading={cols.fetching} data-testid="request-columns" optionFilterProp="label"
            options={columns.map((c) => ({ value: c.id!, label: colLabel(c) }))} />
        </Form.Item>
        {grade != null && (
          <Alert type="info" showIcon style={{ marginBottom: 16 }} data-testid="request-policy"
            title={t('requests.policyHint', { grade, days: maxDays, steps: steps.length ? steps.map((k) => t(`requests.step.${k}`)).join(' → ') : t('requests.autoApproved') })}
            description={masked.length ? t('requests.maskedHint', { columns: masked.map((c) => c.name).join('、') }) : undefined} />
        )}
        <Form.Item name="purpose" label={t('requests.purpose')} rules={[{ required: true, min: 4, message: t('requests.purposeRule') }]}><Input.TextArea rows={2} data-testid="request-purpose" /></Form.Item>
        <Form.Item name="endDate" label={t('requests.endDate')} rules={[{ required: true, message: t('form.required') }]}
          extra={maxDays ? t('requests.endDateMax', { days: maxDays, date: dayjs().add(maxDays, 'day').format('YYYY-MM-DD') }) : t('requests.endDateHelp')}>
          <DatePicker data-testid="request-end-date"
            disabledDate={(d) => d.isBefore(dayjs().add(1, 'day'), 'day') || (maxDays != null && d.isAfter(dayjs().add(maxDays, 'day'), 'day'))} />
        </Form.Item>
        <Typography.Text strong>{t('requests.filter')}</Typography.Text>
        <Typography.Paragraph type="secondary">{t('requests.filterHelp')}</Typography.Paragraph>
        <Form.List name="filter">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => {
                const op = conditions[i]?.op;
                return (
                  <Space key={f.key} align="baseline" wrap data-testid={`filter-${i}`}>
                    <Form.Item name={[f.name, 'columnId']} rules={[{ required: true, message: t('form.required') }]}>
                      <Select style={{ width: 220 }} placeholder={t('lineage.column')} data-testid={`filter-column-${i}`}
                        options={chosen.map((c) => ({ value: c.id!, label: c.name }))} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'op']} rules={[{ required: true, message: t('form.required') }]}>
                      <Select style={{ width: 130 }} data-testid={`filter-op-${i}`} options={FILTER_OPS.map((o) => ({ value: o, label: t(`requests.op.${o}`) }))} />
                    </Form.Item>
                    {op === 'in' ? (
                      <Form.Item name={[f.name, 'values']} rules={[{ required: true, message: t('form.required') }]}>
                        <Select mode="tags" style={{ width: 260 }} open={false} tokenSeparators={[',', '，']} placeholder={t('requests.filterValues')} />
                      </Form.Item>
                    ) : op && NO_VALUE.includes(op) ? null : (
                      <Form.Item name={[f.name, 'value']} rules={[{ required: true, message: t('form.required') }]}>
                        <Input style={{ width: 200 }} placeholder={t('requests.filterValue')} data-testid={`filter-value-${i}`} />
                      </Form.Item>
                    )}
                    <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('common.remove')} />
                  </Space>
                );
              })}
              <Form.Item>
                <Button icon={<PlusOutlined />} disabled={!chosen.length} onClick={() => add({ op: 'eq' })} data-testid="filter-add">{t('requests.addCondition')}</Button>
              </Form.Item>
            </>
          )}
        </Form.List>
        {masked.length > 0 && (
          <Form.Item name="clearColumnIds" label={t('requests.clearColumns')} extra={t('requests.clearHelp')}>
            <Select mode="multiple" data-testid="request-clear" options={masked.map((c) => ({ value: c.id!, label: colLabel(c) }))} />
          </Form.Item>
        )}
        {clearIds.length > 0 && (
          <Form.Item name="clearJustification" label={t('requests.clearJustification')} rules={[{ required: true, min: 4, message: t('requests.clearJustificationRule') }]}>
            <Input.TextArea rows={2} data-testid="request-clear-justification" />
          </Form.Item>
        )}
        <Form.Item name="format" label={t('requests.format')}><Select options={[{ value: 'csv', label: 'CSV' }, { value: 'xlsx', label: 'Excel (xlsx)' }]} /></Form.Item>
        <Button type="primary" htmlType="submit" loading={state.fetching} data-testid="request-submit">{t('requests.submit')}</Button>
      </Form>
    </Card>
  );
}

function Delegation() {
  const { t } = useTranslation();
  const [to, setTo] = useState('');
  const [until, setUntil] = useState<Dayjs | null>(null);
  const [current, setCurrent] = useState<{ delegateTo?: string | null; delegateUntil?: string | null } | null>(null);
  const [setState, set] = useMutation(SetDelegationDoc);
  const [clearState, clear] = useMutation(ClearDelegationDoc);
  const after = (err: string | null | undefined, d: { delegateTo?: string | null; delegateUntil?: string | null } | null) => {
    if (err) return void message.error(err);
    setCurrent(d); void message.success(t('requests.delegationSaved'));
  };
  return (
    <Card size="small" style={{ maxWidth: 640 }} data-testid="delegation">
      <Typography.Paragraph type="secondary">{t('requests.delegationHelp')}</Typography.Paragraph>
      {current && <Alert showIcon style={{ marginBottom: 12 }} type={current.delegateTo ? 'info' : 'success'} data-testid="delegation-state"
        title={current.delegateTo ? t('requests.delegatedTo', { user: current.delegateTo, until: dayjs(current.delegateUntil).format('YYYY-MM-DD HH:mm') }) : t('requests.noDelegation')} />}
      <Space wrap>
        <Input style={{ width: 180 }} placeholder={t('requests.delegate')} value={to} onChange={(e) => setTo(e.target.value)} data-testid="delegate-to" />
        <DatePicker value={until} onChange={setUntil} placeholder={t('requests.until')} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
        <Button type="primary" loading={setState.fetching} disabled={!to.trim() || !until} onClick={async () => {
          const r = await set({ to: to.trim(), until: until!.format('YYYY-MM-DD') });
          const d = r.data?.setApprovalDelegation;
          after(r.error?.message ?? typedError(d), d?.__typename === 'Delegation' ? d : null);
        }}>{t('requests.setDelegation')}</Button>
        <Button loading={clearState.fetching} onClick={async () => {
          const r = await clear({});
          const d = r.data?.clearApprovalDelegation;
          after(r.error?.message ?? typedError(d), d?.__typename === 'Delegation' ? d : null);
        }}>{t('requests.clearDelegation')}</Button>
      </Space>
    </Card>
  );
}

const STEP_KINDS: ApprovalStepKind[] = ['owner', 'governance', 'senior'];

function PolicyEditor() {
  const { t } = useTranslation();
  const [res, refetch] = useQuery({ query: PolicyDoc, requestPolicy: 'network-only' });
  const [state, save] = useMutation(SavePolicyDoc);
  const [rules, setRules] = useState<AccessPolicyRuleInput[] | null>(null);
  const [reason, setReason] = useState('');
  const p = res.data?.accessPolicy;
  const rows: AccessPolicyRuleInput[] = rules ?? (p?.rules ?? []).map((r) => ({ grade: r.grade!, category: r.category ?? undefined, steps: r.steps ?? [], maxDays: r.maxDays!, maskedByDefault: !!r.maskedByDefault }));
  const set = (i: number, patch: Partial<AccessPolicyRuleInput>) => setRules(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="policy">
      <ErrorAlert error={res.error ?? state.error} />
      {p && <Typography.Text type="secondary">{t('policy.version', { version: p.version, actor: p.actor ?? '—', at: p.at ? new Date(p.at).toLocaleString() : '—' })}</Typography.Text>}
      <Table size="small" rowKey={(_, i) => String(i)} pagination={false} dataSource={rows} scroll={{ x: 800 }} columns={[
        { title: t('catalogue.grade'), render: (_, r, i) => <InputNumber min={1} max={4} value={r.grade} onChange={(v) => set(i, { grade: v ?? r.grade })} /> },
        { title: t('policy.category'), render: (_, r, i) => <Input style={{ width: 100 }} value={r.category ?? ''} placeholder={t('policy.anyCategory')} onChange={(e) => set(i, { category: e.target.value.trim() || undefined })} /> },
        { title: t('policy.steps'), render: (_, r, i) => <Select mode="multiple" style={{ minWidth: 240 }} value={r.steps} data-testid={`policy-steps-${r.grade}`}
          onChange={(v) => set(i, { steps: STEP_KINDS.filter((k) => v.includes(k)) })} options={STEP_KINDS.map((k) => ({ value: k, label: t(`requests.step.${k}`) }))} /> },
        { title: t('policy.maxDays'), render: (_, r, i) => <InputNumber min={1} max={3650} value={r.maxDays} data-testid={`policy-days-${r.grade}`} onChange={(v) => set(i, { maxDays: v ?? r.maxDays })} /> },
        { title: t('policy.masked'), render: (_, r, i) => <Switch checked={r.maskedByDefault} onChange={(v) => set(i, { maskedByDefault: v })} /> },
        { title: t('common.actions'), render: (_, _r, i) => <Button size="small" icon={<DeleteOutlined />} onClick={() => setRules(rows.filter((_, j) => j !== i))} aria-label={t('common.remove')} /> },
      ]} />
      <Space wrap>
        <Button icon={<PlusOutlined />} onClick={() => setRules([...rows, { grade: 3, steps: ['owner', 'governance'], maxDays: 90, maskedByDefault: false }])}>{t('policy.addRule')}</Button>
        <Input style={{ width: 320 }} placeholder={t('policy.reason')} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="policy-reason" />
        <Button type="primary" loading={state.fetching} disabled={!rules || reason.trim().length < 2} data-testid="policy-save" onClick={async () => {
          const r = await save({ rules: rows.map((x) => ({ ...x, category: x.category || undefined })), reason: reason.trim(), expectedVersion: p?.version });
          const err = r.error?.message ?? typedError(r.data?.saveAccessPolicy);
          if (err) return void message.error(err);
          void message.success(t('policy.saved'));
          setRules(null); setReason('');
          refetch({ requestPolicy: 'network-only' });
        }}>{t('common.save')}</Button>
      </Space>
    </Space>
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
