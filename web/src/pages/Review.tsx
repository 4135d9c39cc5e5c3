// Steward workbench: the review queue by risk with evidence; confirm, override with a reason,
// confirm the selection or everything matching the filter.
import { useMemo, useState } from 'react';
import { Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography, message, Descriptions } from 'antd';
import type { ButtonProps } from 'antd';
import { CheckOutlined, EditOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import type { ReviewFilter, ReviewQueueQuery } from '../gql/graphql';
import { ErrorAlert } from '../components/ErrorAlert';
import { GradeTag, StatusTag } from '../components/GradeTag';
import { typedError } from '../api';

const ReviewQueueDoc = graphql(`
  query ReviewQueue($filter: ReviewFilter, $first: Int, $offset: Int) {
    reviewQueue(filter: $filter, first: $first, offset: $offset) {
      total
      items { columnId path sourceId datasetId grade suggestedGrade categoryId categoryPath confidence evidence risk disagreement needsReview }
    }
  }
`);
const ReviewOptions = graphql(`
  query ReviewOptions { sources { id name } categories { code path } }
`);
const ConfirmGradesDoc = graphql(`
  mutation ConfirmGrades($columnIds: [String!]!) {
    confirmGrades(columnIds: $columnIds) { __typename ... on GradeDecisions { count } ... on Error { message } }
  }
`);
const BulkConfirmDoc = graphql(`
  mutation BulkConfirmGrades($filter: ReviewFilter!) {
    bulkConfirmGrades(filter: $filter) { __typename ... on GradeDecisions { count } ... on Error { message } }
  }
`);
const OverrideGradeDoc = graphql(`
  mutation OverrideGrade($input: OverrideGradeInput!) {
    overrideGrade(input: $input) { __typename ... on GradeDecision { columnId grade previousGrade } ... on Error { message } }
  }
`);
const ColumnGradeHistory = graphql(`
  query ColumnGradeHistory($columnId: String!) {
    column(id: $columnId) { id gradeStatus grade comment dataType }
    gradeHistory(columnId: $columnId) { id kind grade previousGrade categoryId actor reason at confidence }
  }
`);

type Item = NonNullable<NonNullable<ReviewQueueQuery['reviewQueue']>['items']>[number];
interface Evidence { ruleId: string; kind: string; matched: string; hitRatio?: number }

const PAGE = 50;

export function Review() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<ReviewFilter>({});
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<string[]>([]);
  const [overriding, setOverriding] = useState<Item | null>(null);
  const cleanFilter = useMemo(() => Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && !v.length))) as ReviewFilter, [filter]);
  const [res, refetch] = useQuery({ query: ReviewQueueDoc, variables: { filter: cleanFilter, first: PAGE, offset: (page - 1) * PAGE }, requestPolicy: 'network-only' });
  const [opts] = useQuery({ query: ReviewOptions });
  const [, confirm] = useMutation(ConfirmGradesDoc);
  const [, bulk] = useMutation(BulkConfirmDoc);
  const total = res.data?.reviewQueue?.total ?? 0;

  async function done(r: { error?: { message: string }; data?: unknown }, result: { __typename?: string; message?: string | null; count?: number | null } | null | undefined) {
    const err = r.error?.message ?? typedError(result);
    if (err) return void message.error(err);
    void message.success(t('review.confirmed', { count: result?.count ?? 0 }));
    setSelected([]);
    refetch({ requestPolicy: 'network-only' });
  }

  return (
    <div data-testid="review">
      <Typography.Title level={4}>{t('review.title')}</Typography.Title>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap>
          <Select allowClear placeholder={t('review.source')} style={{ width: 200 }} value={filter.sourceId ?? undefined} data-testid="filter-source"
            options={(opts.data?.sources ?? []).map((s) => ({ value: s.id!, label: s.name }))} onChange={(v) => { setFilter({ ...filter, sourceId: v }); setPage(1); }} />
          <Select mode="multiple" allowClear placeholder={t('review.grade')} style={{ width: 200 }} value={filter.grade ?? []}
            options={[1, 2, 3, 4].map((g) => ({ value: g, label: t('grade.level', { n: g }) }))} onChange={(v) => { setFilter({ ...filter, grade: v }); setPage(1); }} />
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('review.category')} style={{ width: 240 }} value={filter.categoryPrefix ?? undefined}
            options={(opts.data?.categories ?? []).map((c) => ({ value: c.code!, label: `${c.code} ${c.path}` }))} onChange={(v) => { setFilter({ ...filter, categoryPrefix: v }); setPage(1); }} />
          <Space>
            {t('review.maxConfidence')}
            <InputNumber min={0} max={1} step={0.05} value={filter.maxConfidence ?? null} onChange={(v) => { setFilter({ ...filter, maxConfidence: v ?? undefined }); setPage(1); }} />
          </Space>
          <Button type="primary" disabled={!selected.length} icon={<CheckOutlined />} data-testid="confirm-selected"
            onClick={async () => { const r = await confirm({ columnIds: selected }); await done(r, r.data?.confirmGrades); }}>
            {t('review.confirmSelected', { count: selected.length })}
          </Button>
          <Popconfirm title={t('review.bulkConfirmAsk', { count: total })} onConfirm={async () => { const r = await bulk({ filter: cleanFilter }); await done(r, r.data?.bulkConfirmGrades); }} okButtonProps={{ 'data-testid': 'bulk-ok' } as ButtonProps}>
            <Button disabled={!total} data-testid="bulk-confirm">{t('review.bulkConfirm', { count: total })}</Button>
          </Popconfirm>
        </Space>
      </Card>
      <ErrorAlert error={res.error} />
      <Table<Item>
        rowKey={(i) => i.columnId!} size="small" loading={res.fetching} dataSource={res.data?.reviewQueue?.items ?? []} scroll={{ x: 1100 }}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }}
        pagination={{ current: page, pageSize: PAGE, total, showSizeChanger: false, onChange: setPage, showTotal: (n) => t('common.total', { count: n }) }}
        expandable={{ expandedRowRender: (i) => <EvidenceView item={i} /> }}
        columns={[
          { title: t('review.risk'), dataIndex: 'risk', width: 110, render: (v: number) => <Tag color={['default', 'blue', 'orange', 'red'][v] ?? 'default'}>{t(`review.riskLevel.${v}`)}</Tag> },
          { title: t('review.column'), dataIndex: 'path', render: (v, i) => <span data-testid={`row-${i.columnId}`}>{v}</span> },
          { title: t('review.suggested'), render: (_, i) => <GradeTag grade={i.suggestedGrade ?? i.grade} /> },
          { title: t('review.category'), dataIndex: 'categoryPath' },
          { title: t('review.confidence'), dataIndex: 'confidence', render: (v?: number | null) => v == null ? '—' : `${Math.round(v * 100)}%` },
          { title: t('review.flags'), render: (_, i) => <Space>{i.disagreement && <Tooltip title={t('review.disagreementHelp')}><Tag color="red">{t('review.disagreement')}</Tag></Tooltip>}</Space> },
          {
            title: t('common.actions'), fixed: 'right', width: 200, render: (_, i) => (
              <Space>
                <Button size="small" type="primary" icon={<CheckOutlined />} data-testid={`confirm-${i.columnId}`}
                  onClick={async () => { const r = await confirm({ columnIds: [i.columnId!] }); await done(r, r.data?.confirmGrades); }}>{t('review.confirm')}</Button>
                <Button size="small" icon={<EditOutlined />} data-testid={`override-${i.columnId}`} onClick={() => setOverriding(i)}>{t('review.override')}</Button>
              </Space>
            ),
          },
        ]}
      />
      <OverrideModal item={overriding} categories={opts.data?.categories ?? []} onClose={(changed) => { setOverriding(null); if (changed) refetch({ requestPolicy: 'network-only' }); }} />
    </div>
  );
}

function EvidenceView({ item }: { item: Item }) {
  const { t } = useTranslation();
  const evidence = (Array.isArray(item.evidence) ? item.evidence : []) as Evidence[];
  const [hist] = useQuery({ query: ColumnGradeHistory, variables: { columnId: item.columnId! } });
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="evidence">
      <Typography.Text strong>{t('review.evidence')}</Typography.Text>
      <Table size="small" rowKey={(e) => `${e.ruleId}-${e.matched}`} pagination={false} dataSource={evidence} locale={{ emptyText: t('review.noEvidence') }} columns={[
        { title: t('review.rule'), dataIndex: 'ruleId' },
        { title: t('review.signal'), dataIndex: 'kind', render: (v) => t(`evidenceKind.${v}`, { defaultValue: v }) },
        { title: t('review.matched'), dataIndex: 'matched' },
        { title: t('review.hitRatio'), dataIndex: 'hitRatio', render: (v?: number) => v == null ? '—' : `${Math.round(v * 100)}%` },
      ]} />
      <Typography.Text strong>{t('review.history')}</Typography.Text>
      {hist.data?.column && <Descriptions size="small" items={[
        { key: 's', label: t('catalogue.gradeStatus'), children: <StatusTag status={hist.data.column.gradeStatus} /> },
        { key: 'c', label: t('catalogue.comment'), children: hist.data.column.comment ?? '—' },
        { key: 't', label: t('catalogue.type'), children: hist.data.column.dataType ?? '—' },
      ]} />}
      <Table size="small" rowKey={(a) => a.id ?? ''} pagination={false} dataSource={hist.data?.gradeHistory ?? []} columns={[
        { title: t('catalogue.at'), dataIndex: 'at', render: (v) => v ? new Date(v).toLocaleString() : '' },
        { title: t('review.kind'), dataIndex: 'kind', render: (v) => t(`assessmentKind.${v}`, { defaultValue: v }) },
        { title: t('catalogue.grade'), render: (_, a) => <GradeTag grade={a.grade} /> },
        { title: t('review.actor'), dataIndex: 'actor' },
        { title: t('review.reason'), dataIndex: 'reason' },
      ]} />
    </Space>
  );
}

function OverrideModal({ item, categories, onClose }: { item: Item | null; categories: { code?: string | null; path?: string | null }[]; onClose(changed: boolean): void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ grade: number; categoryId: string; reason: string }>();
  const [state, override] = useMutation(OverrideGradeDoc);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <Modal open={!!item} title={t('review.overrideTitle', { path: item?.path ?? '' })} onCancel={() => onClose(false)} destroyOnHidden
      okText={t('review.override')} okButtonProps={{ loading: state.fetching, 'data-testid': 'override-ok' } as ButtonProps} onOk={() => form.submit()}>
      <ErrorAlert error={state.error} message={problem} />
      {item && (
        <Form form={form} layout="vertical" initialValues={{ grade: item.suggestedGrade ?? item.grade ?? 3, categoryId: item.categoryId ?? undefined }}
          onFinish={async (v) => {
            const r = await override({ input: { columnId: item.columnId!, grade: v.grade, categoryId: v.categoryId, reason: v.reason } });
            const err = typedError(r.data?.overrideGrade);
            setProblem(err);
            if (!r.error && !err) { void message.success(t('review.overridden')); onClose(true); }
          }}>
          <Form.Item name="grade" label={t('review.grade')} rules={[{ required: true, message: t('form.required') }]}>
            <Select data-testid="override-grade" options={[1, 2, 3, 4].map((g) => ({ value: g, label: t('grade.level', { n: g }) }))} />
          </Form.Item>
          <Form.Item name="categoryId" label={t('review.category')} rules={[{ required: true, message: t('form.required') }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={categories.map((c) => ({ value: c.code!, label: `${c.code} ${c.path}` }))} />
          </Form.Item>
          <Form.Item name="reason" label={t('review.reason')} rules={[{ required: true, min: 4, message: t('review.reasonRule') }]}>
            <Input.TextArea rows={3} data-testid="override-reason" placeholder={t('review.reasonPlaceholder')} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
