// Transfers outside the firm (对外报送/对外提供): the register, and a form to record one with its
// legal basis, recipient, channel, the columns given, the reporting checker and the watermarked copy.
import { useMemo, useState } from 'react';
import { Alert, Button, Card, DatePicker, Form, Input, Select, Space, Table, Tabs, Tag, Typography, message } from 'antd';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { graphql } from '../gql';
import type { TransferRecipientKind } from '../gql/graphql';
import { ErrorAlert } from '../components/ErrorAlert';
import { GradeTag } from '../components/GradeTag';
import { typedError } from '../api';
import { useMe } from '../auth';

const Transfers = graphql(`
  query LifecycleTransfers { transfers { id recipientKind recipient legalBasis channel purpose columnIds grade checker checkerDesignated exportId registeredBy transferredAt recordedAt } }
`);
const Datasets = graphql(`
  query LifecycleTransferDatasets { sources { id name datasets(first: 1000) { edges { node { id path grade } } } } }
`);
const Columns = graphql(`
  query LifecycleTransferColumns($id: String!) { dataset(id: $id) { id columns { id name comment grade } } }
`);
const Register = graphql(`
  mutation LifecycleRegisterTransfer($input: TransferInput!) { registerTransfer(input: $input) { __typename ... on Transfer { id grade } ... on Error { message } } }
`);

const KINDS: TransferRecipientKind[] = ['regulator', 'custodian', 'distributor', 'auditor', 'vendor', 'other'] as TransferRecipientKind[];

export function LifecycleTransfers() {
  const { t } = useTranslation();
  const { roles } = useMe();
  const reader = roles.some((r) => ['steward', 'governance', 'auditor', 'admin'].includes(r));
  const registrar = roles.some((r) => ['steward', 'governance', 'business', 'admin'].includes(r));
  return (
    <div data-testid="lifecycle-transfers">
      <Typography.Title level={4}>{t('lifecycle.transfers.title')}</Typography.Title>
      <Tabs items={[
        ...(reader ? [{ key: 'list', label: t('lifecycle.transfers.list'), children: <TransferList /> }] : []),
        ...(registrar ? [{ key: 'new', label: t('lifecycle.transfers.new'), children: <RegisterTransfer /> }] : []),
      ]} />
    </div>
  );
}

function TransferList() {
  const { t } = useTranslation();
  const [res] = useQuery({ query: Transfers, requestPolicy: 'network-only' });
  return (
    <>
      <ErrorAlert error={res.error} />
      <Table size="small" rowKey={(x) => x.id ?? ''} dataSource={res.data?.transfers ?? []} scroll={{ x: 1200 }} data-testid="transfer-list" columns={[
        { title: t('lifecycle.transfers.transferredAt'), dataIndex: 'transferredAt', render: (v) => (v ? String(v).slice(0, 10) : '') },
        { title: t('lifecycle.transfers.recipientKind'), dataIndex: 'recipientKind', render: (k) => <Tag>{t(`lifecycle.transfers.kinds.${k}`, { defaultValue: k })}</Tag> },
        { title: t('lifecycle.transfers.recipient'), dataIndex: 'recipient' },
        { title: t('lifecycle.transfers.legalBasis'), dataIndex: 'legalBasis' },
        { title: t('lifecycle.transfers.channel'), dataIndex: 'channel' },
        { title: t('lifecycle.common.grade'), dataIndex: 'grade', render: (g) => <GradeTag grade={g} /> },
        { title: t('lifecycle.common.columns'), dataIndex: 'columnIds', render: (c: string[]) => c.length },
        { title: t('lifecycle.transfers.checker'), render: (_, x) => (x.checker
          ? <Space size={4}>{x.checker}<Tag color={x.checkerDesignated ? 'green' : 'orange'}>{t(x.checkerDesignated ? 'lifecycle.transfers.designated' : 'lifecycle.transfers.notDesignated')}</Tag></Space>
          : t('lifecycle.common.none')) },
        { title: t('lifecycle.transfers.exportId'), dataIndex: 'exportId', render: (v) => (v ? <Typography.Text code>{v}</Typography.Text> : t('lifecycle.common.none')) },
        { title: t('lifecycle.transfers.registeredBy'), dataIndex: 'registeredBy' },
      ]} />
    </>
  );
}

interface TransferForm {
  recipientKind: TransferRecipientKind; recipient: string; legalBasis: string; channel: string; datasetId: string; columnIds: string[];
  checker?: string; exportId?: string; purpose?: string; transferredAt?: Dayjs;
}

function RegisterTransfer() {
  const { t } = useTranslation();
  const [form] = Form.useForm<TransferForm>();
  const datasetId = Form.useWatch('datasetId', form);
  const [ds] = useQuery({ query: Datasets });
  const [cols] = useQuery({ query: Columns, variables: { id: datasetId ?? '' }, pause: !datasetId });
  const [state, register] = useMutation(Register);
  const [problem, setProblem] = useState<string | null>(null);
  const datasetOptions = useMemo(() => (ds.data?.sources ?? []).map((s) => ({
    label: s.name, options: (s.datasets?.edges ?? []).map(({ node }) => ({ value: node.id!, label: `${node.path} · ${t('grade.level', { n: node.grade ?? '?' })}` })),
  })), [ds.data, t]);
  return (
    <Card size="small" style={{ maxWidth: 760 }}>
      <ErrorAlert error={ds.error ?? state.error} message={problem} />
      <Form form={form} layout="vertical" initialValues={{ recipientKind: 'regulator' }} onFinish={async (v) => {
        const r = await register({ input: {
          recipientKind: v.recipientKind, recipient: v.recipient, legalBasis: v.legalBasis, channel: v.channel, columnIds: v.columnIds,
          checker: v.checker?.trim() || null, exportId: v.exportId?.trim() || null, purpose: v.purpose?.trim() || null,
          transferredAt: v.transferredAt ? v.transferredAt.format('YYYY-MM-DD') : null,
        } });
        const err = typedError(r.data?.registerTransfer);
        setProblem(err);
        if (!r.error && !err) { void message.success(t('lifecycle.transfers.registered')); form.resetFields(); }
      }}>
        <Form.Item name="recipientKind" label={t('lifecycle.transfers.recipientKind')} rules={[{ required: true, message: t('form.required') }]}>
          <Select options={KINDS.map((k) => ({ value: k, label: t(`lifecycle.transfers.kinds.${k}`) }))} />
        </Form.Item>
        <Form.Item name="recipient" label={t('lifecycle.transfers.recipient')} rules={[{ required: true, message: t('form.required') }]}><Input /></Form.Item>
        <Form.Item name="legalBasis" label={t('lifecycle.transfers.legalBasis')} extra={t('lifecycle.transfers.legalBasisHelp')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}><Input.TextArea rows={2} /></Form.Item>
        <Form.Item name="channel" label={t('lifecycle.transfers.channel')} rules={[{ required: true, message: t('form.required') }]}><Input /></Form.Item>
        <Form.Item name="datasetId" label={t('lifecycle.common.dataset')} rules={[{ required: true, message: t('form.required') }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} placeholder={t('lifecycle.transfers.pickDataset')} options={datasetOptions} onChange={() => form.setFieldValue('columnIds', [])} />
        </Form.Item>
        <Form.Item name="columnIds" label={t('lifecycle.common.columns')} rules={[{ required: true, message: t('form.required') }]}>
          <Select mode="multiple" loading={cols.fetching} options={(cols.data?.dataset?.columns ?? []).map((c) => ({ value: c.id!, label: `${c.name}${c.comment ? ` ${c.comment}` : ''} · ${t('grade.level', { n: c.grade ?? '?' })}` }))} />
        </Form.Item>
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('lifecycle.transfers.checkerHelp')} />
        <Form.Item name="checker" label={t('lifecycle.transfers.checker')}><Input /></Form.Item>
        <Form.Item name="exportId" label={t('lifecycle.transfers.exportId')}><Input /></Form.Item>
        <Form.Item name="purpose" label={t('lifecycle.transfers.purpose')}><Input /></Form.Item>
        <Form.Item name="transferredAt" label={t('lifecycle.transfers.transferredAt')}><DatePicker /></Form.Item>
        <Button type="primary" htmlType="submit" loading={state.fetching} data-testid="register-transfer">{t('lifecycle.transfers.submit')}</Button>
      </Form>
    </Card>
  );
}
