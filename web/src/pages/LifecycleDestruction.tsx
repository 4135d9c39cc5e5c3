// Retention and destruction of exports: my to-dos (the requester confirms how and when every copy
// was destroyed; an approver countersigns grade 3-4) and, for governance and auditors, every
// overdue destruction, worst first.
import { useState } from 'react';
import { Alert, Button, DatePicker, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tabs, Tag, Typography, message } from 'antd';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { graphql } from '../gql';
import type { LifecycleDestructionTodosQuery } from '../gql/graphql';
import { ErrorAlert } from '../components/ErrorAlert';
import { GradeTag } from '../components/GradeTag';
import { typedError } from '../api';
import { useMe } from '../auth';

const Todos = graphql(`
  query LifecycleDestructionTodos {
    myDestructionTodos { role item { exportId requestId requester datasetId downloadedAt endDate grade retentionEnd escalatesOn state daysOverdue approvers destruction { confirmedBy confirmedAt method hashMatches countersignRequired countersignedBy } } }
  }
`);
const Overdue = graphql(`
  query LifecycleOverdueDestructions {
    overdueExportDestructions { exportId requestId requester datasetId grade retentionEnd escalatesOn state daysOverdue approvers destruction { confirmedBy countersignedBy } }
  }
`);
const Confirm = graphql(`
  mutation LifecycleConfirmDestruction($exportId: String!, $method: DestructionMethod!, $description: String!, $destroyedAt: String!, $copies: Int, $fileHash: String) {
    confirmExportDestruction(exportId: $exportId, method: $method, description: $description, destroyedAt: $destroyedAt, copies: $copies, fileHash: $fileHash) {
      __typename ... on ExportDestruction { id hashMatches } ... on Error { message }
    }
  }
`);
const Countersign = graphql(`
  mutation LifecycleCountersignDestruction($exportId: String!) {
    countersignExportDestruction(exportId: $exportId) { __typename ... on ExportDestruction { id countersignedBy } ... on Error { message } }
  }
`);

type Item = NonNullable<NonNullable<LifecycleDestructionTodosQuery['myDestructionTodos']>[number]['item']>;
interface Todo { role: string; item: Item }
const METHODS = ['secure_delete', 'overwrite', 'physical_destruction', 'returned_to_owner', 'other'] as const;
type Method = (typeof METHODS)[number];
export const STATE_COLOURS: Record<string, string> = { retained: 'default', overdue: 'orange', escalated: 'red', awaiting_countersign: 'gold', destroyed: 'green' };

export function StateTag({ state }: { state: string | null | undefined }) {
  const { t } = useTranslation();
  return <Tag color={STATE_COLOURS[state ?? ''] ?? 'default'} data-testid="retention-state">{t(`lifecycle.destruction.states.${state}`, { defaultValue: state ?? '' })}</Tag>;
}

export function LifecycleDestruction() {
  const { t } = useTranslation();
  const { roles } = useMe();
  const overseer = roles.some((r) => ['governance', 'auditor', 'admin'].includes(r));
  return (
    <div data-testid="lifecycle-destruction">
      <Typography.Title level={4}>{t('lifecycle.destruction.title')}</Typography.Title>
      <Tabs items={[
        { key: 'mine', label: t('lifecycle.destruction.mine'), children: <MyTodos /> },
        ...(overseer ? [{ key: 'overdue', label: t('lifecycle.destruction.overdue'), children: <OverdueList /> }] : []),
      ]} />
    </div>
  );
}

function MyTodos() {
  const { t } = useTranslation();
  const [res, refetch] = useQuery({ query: Todos, requestPolicy: 'network-only' });
  const [, countersign] = useMutation(Countersign);
  const [confirming, setConfirming] = useState<Item | null>(null);
  const todos: Todo[] = (res.data?.myDestructionTodos ?? []).flatMap((x) => (x.item ? [{ role: x.role ?? '', item: x.item }] : []));
  const reload = () => refetch({ requestPolicy: 'network-only' });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Alert type="info" showIcon title={t('lifecycle.destruction.mineHint')} />
      <ErrorAlert error={res.error} />
      <Table<Todo> size="small" rowKey={(x) => `${x.role}:${x.item.exportId}`} dataSource={todos} scroll={{ x: 1000 }}
        locale={{ emptyText: t('lifecycle.destruction.empty') }}
        columns={[
          { title: t('lifecycle.destruction.role'), dataIndex: 'role', render: (r) => <Tag>{t(`lifecycle.destruction.roles.${r}`, { defaultValue: r })}</Tag> },
          { title: t('lifecycle.common.export'), render: (_, x) => <Typography.Text code>{x.item.exportId}</Typography.Text> },
          { title: t('lifecycle.common.requester'), render: (_, x) => x.item.requester },
          { title: t('lifecycle.common.dataset'), render: (_, x) => x.item.datasetId },
          { title: t('lifecycle.common.grade'), render: (_, x) => <GradeTag grade={x.item.grade} /> },
          { title: t('lifecycle.destruction.retentionEnd'), render: (_, x) => x.item.retentionEnd },
          { title: t('lifecycle.destruction.daysOverdue'), render: (_, x) => x.item.daysOverdue },
          { title: t('lifecycle.common.state'), render: (_, x) => <StateTag state={x.item.state} /> },
          { title: t('lifecycle.common.actions'), render: (_, x) => (
            x.role === 'requester' && !x.item.destruction
              ? <Button size="small" type="primary" data-testid={`confirm-${x.item.exportId}`} onClick={() => setConfirming(x.item)}>{t('lifecycle.destruction.confirm')}</Button>
              : x.role === 'approver' && x.item.state === 'awaiting_countersign'
                ? (
                  <Popconfirm title={t('lifecycle.destruction.countersignAsk')} onConfirm={async () => {
                    const r = await countersign({ exportId: x.item.exportId ?? '' });
                    const err = r.error?.message ?? typedError(r.data?.countersignExportDestruction);
                    if (err) return void message.error(err);
                    void message.success(t('lifecycle.destruction.countersigned'));
                    reload();
                  }}>
                    <Button size="small" type="primary" data-testid={`countersign-${x.item.exportId}`}>{t('lifecycle.destruction.countersign')}</Button>
                  </Popconfirm>
                )
                : x.item.destruction
                  ? <Typography.Text type="secondary">{t('lifecycle.destruction.confirmedBy')} {x.item.destruction.confirmedBy}</Typography.Text>
                  : null
          ) },
        ]} />
      <ConfirmModal item={confirming} onClose={(done) => { setConfirming(null); if (done) reload(); }} />
    </Space>
  );
}

function ConfirmModal({ item, onClose }: { item: Item | null; onClose: (done: boolean) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ method: Method; description: string; destroyedAt: Dayjs; copies: number; fileHash?: string }>();
  const [state, confirm] = useMutation(Confirm);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <Modal open={!!item} title={t('lifecycle.destruction.confirm')} okText={t('lifecycle.destruction.confirm')} confirmLoading={state.fetching} destroyOnHidden
      onCancel={() => { setProblem(null); onClose(false); }} onOk={() => form.submit()}>
      <ErrorAlert error={state.error} message={problem} />
      <Form form={form} layout="vertical" initialValues={{ method: 'secure_delete', copies: 1, destroyedAt: dayjs() }} onFinish={async (v) => {
        const r = await confirm({ exportId: item!.exportId ?? '', method: v.method, description: v.description, destroyedAt: v.destroyedAt.toISOString(), copies: v.copies, fileHash: v.fileHash?.trim() || null });
        const err = typedError(r.data?.confirmExportDestruction);
        setProblem(err);
        if (r.error || err) return;
        void message.success(t('lifecycle.destruction.confirmed'));
        form.resetFields();
        onClose(true);
      }}>
        <Form.Item name="method" label={t('lifecycle.destruction.method')} rules={[{ required: true, message: t('form.required') }]}>
          <Select options={METHODS.map((m) => ({ value: m, label: t(`lifecycle.destruction.methods.${m}`) }))} />
        </Form.Item>
        <Form.Item name="description" label={t('lifecycle.destruction.description')} rules={[{ required: true, message: t('form.required') }]}><Input.TextArea rows={3} /></Form.Item>
        <Form.Item name="destroyedAt" label={t('lifecycle.destruction.destroyedAt')} rules={[{ required: true, message: t('form.required') }]}><DatePicker showTime /></Form.Item>
        <Form.Item name="copies" label={t('lifecycle.destruction.copies')}><InputNumber min={1} /></Form.Item>
        <Form.Item name="fileHash" label={t('lifecycle.destruction.fileHash')} extra={t('lifecycle.destruction.fileHashHelp')}><Input maxLength={64} /></Form.Item>
      </Form>
    </Modal>
  );
}

function OverdueList() {
  const { t } = useTranslation();
  const [res] = useQuery({ query: Overdue, requestPolicy: 'network-only' });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Alert type="warning" showIcon title={t('lifecycle.destruction.overdueHint')} />
      <ErrorAlert error={res.error} />
      <Table size="small" rowKey={(x) => x.exportId ?? ''} dataSource={res.data?.overdueExportDestructions ?? []} scroll={{ x: 1000 }} data-testid="overdue-destructions"
        locale={{ emptyText: t('lifecycle.destruction.empty') }}
        columns={[
          { title: t('lifecycle.common.export'), dataIndex: 'exportId', render: (v) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('lifecycle.common.requester'), dataIndex: 'requester' },
          { title: t('lifecycle.common.dataset'), dataIndex: 'datasetId' },
          { title: t('lifecycle.common.grade'), dataIndex: 'grade', render: (g) => <GradeTag grade={g} /> },
          { title: t('lifecycle.destruction.retentionEnd'), dataIndex: 'retentionEnd' },
          { title: t('lifecycle.destruction.escalatesOn'), dataIndex: 'escalatesOn' },
          { title: t('lifecycle.destruction.daysOverdue'), dataIndex: 'daysOverdue' },
          { title: t('lifecycle.common.state'), dataIndex: 'state', render: (s) => <StateTag state={s} /> },
          { title: t('lifecycle.destruction.approvers'), dataIndex: 'approvers', render: (a: string[] | null) => (a ?? []).join('、') },
        ]} />
    </Space>
  );
}
