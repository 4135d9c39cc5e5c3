// Lineage explorer: a column's upstream and downstream as a graph, depth control, grade conflicts,
// the impact list and reconciliation checks with their latest results.
import { useEffect, useMemo, useState } from 'react';
import { AutoComplete, Button, Card, Col, Input, Row, Segmented, Slider, Space, Table, Tag, Typography, message, Empty } from 'antd';
import { useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import type { LineageQuery } from '../gql/graphql';
import { ErrorAlert } from '../components/ErrorAlert';
import { GradeTag, GRADE_COLOURS } from '../components/GradeTag';
import { LineageGraph, type GraphEdge, type GraphNode } from '../components/LineageGraph';
import { typedError } from '../api';

const LineageDoc = graphql(`
  query Lineage($columnId: String!, $depth: Int) {
    upstream(columnId: $columnId, depth: $depth) { __typename ... on LineageGraph { root truncated nodes { id name path grade external depth } edges { id from to transform via } } ... on Error { message } }
    downstream(columnId: $columnId, depth: $depth) { __typename ... on LineageGraph { root truncated nodes { id name path grade external depth } edges { id from to transform via } } ... on Error { message } }
    impact(columnId: $columnId, depth: $depth) { __typename ... on LineageImpact { datasets { id path kind columns minDepth external } reconciliations { id name } exports jobs } ... on Error { message } }
    gradeConflicts { conflicts { columnId upstreamId grade upstreamGrade path upstreamPath steps { edgeId } } }
  }
`);
const ColumnSearchDoc = graphql(`
  query LineageColumnSearch($query: String!) {
    search(query: $query, kinds: [column], first: 15) { __typename ... on SearchConnection { edges { node { id path comment grade } } } ... on Error { message } }
  }
`);
const ColumnNameDoc = graphql(`
  query LineageColumnName($id: String!) { column(id: $id) { id path comment grade } }
`);
const ReconciliationsDoc = graphql(`
  query Reconciliations { reconciliations { id name description lastOk lastRunAt tolerance results(first: 1) { at ok groups failingCount leftTotal rightTotal error } } }
`);
const RunReconciliationDoc = graphql(`
  mutation RunReconciliation($id: String!) { runReconciliation(id: $id) { __typename ... on ReconciliationResult { ok failingCount } ... on Error { message } } }
`);

type LineageResult = NonNullable<LineageQuery['upstream']>;
type GraphPart = Extract<LineageResult, { __typename: 'LineageGraph' }>;

export function Lineage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const columnId = params.get('column') ?? '';
  const [input, setInput] = useState('');
  const [typed, setTyped] = useState('');
  useEffect(() => { const h = setTimeout(() => setTyped(input.trim()), 200); return () => clearTimeout(h); }, [input]);
  const [found] = useQuery({ query: ColumnSearchDoc, variables: { query: typed }, pause: typed.length < 1 });
  const [picked] = useQuery({ query: ColumnNameDoc, variables: { id: columnId }, pause: !columnId });
  const hits = found.data?.search?.__typename === 'SearchConnection' ? (found.data.search.edges ?? []).flatMap((e) => (e.node ? [e.node] : [])) : [];
  const [depth, setDepth] = useState(3);
  const [direction, setDirection] = useState<'both' | 'upstream' | 'downstream'>('both');
  const [res] = useQuery({ query: LineageDoc, variables: { columnId, depth }, pause: !columnId });
  const problem = [res.data?.upstream, res.data?.downstream, res.data?.impact].map((r) => typedError(r)).find(Boolean) ?? null;

  const { nodes, edges, conflicts } = useMemo(() => {
    const parts = ([direction !== 'downstream' && res.data?.upstream, direction !== 'upstream' && res.data?.downstream]
      .filter((p): p is GraphPart => !!p && p.__typename === 'LineageGraph'));
    const conflicts = res.data?.gradeConflicts?.conflicts ?? [];
    const conflictEdges = new Set(conflicts.flatMap((c) => (c.steps ?? []).map((s) => s.edgeId)));
    const conflictNodes = new Set(conflicts.map((c) => c.columnId));
    const n = new Map<string, GraphNode>();
    const e = new Map<string, GraphEdge>();
    for (const p of parts) {
      for (const x of p.nodes ?? []) n.set(x.id!, { id: x.id!, label: x.path ?? x.name ?? x.id!, grade: x.grade ?? null, root: x.id === columnId, external: !!x.external, conflict: conflictNodes.has(x.id!) });
      for (const x of p.edges ?? []) e.set(x.id!, { id: x.id!, from: x.from!, to: x.to!, label: t(`transform.${x.transform}`), conflict: conflictEdges.has(x.id!) });
    }
    const here = new Set(n.keys());
    return { nodes: [...n.values()], edges: [...e.values()], conflicts: conflicts.filter((c) => here.has(c.columnId!) || here.has(c.upstreamId!)) };
  }, [res.data, direction, columnId, t]);

  const impact = res.data?.impact?.__typename === 'LineageImpact' ? res.data.impact : null;
  return (
    <div data-testid="lineage">
      <Typography.Title level={4}>{t('lineage.title')}</Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <AutoComplete style={{ width: 420 }} value={input} onChange={setInput} data-testid="lineage-column"
          onSelect={(id: string) => { setInput(''); setParams({ column: id }); }}
          options={hits.map((h) => ({ value: h.id!, label: <Space data-testid="lineage-option"><span>{h.path}</span>{h.comment && <Typography.Text type="secondary">{h.comment}</Typography.Text>}<GradeTag grade={h.grade} /></Space> }))}
          notFoundContent={typed && !found.fetching ? t('lineage.noColumn') : null}>
          <Input.Search placeholder={t('lineage.columnPlaceholder')} loading={found.fetching} allowClear />
        </AutoComplete>
        {picked.data?.column && <Tag color="processing" data-testid="lineage-current">{picked.data.column.path}{picked.data.column.comment ? ` ${picked.data.column.comment}` : ''}</Tag>}
        <Segmented value={direction} onChange={(v) => setDirection(v as typeof direction)}
          options={(['both', 'upstream', 'downstream'] as const).map((d) => ({ value: d, label: t(`lineage.${d}`) }))} />
        <Space style={{ width: 260 }}>{t('lineage.depth')}<Slider style={{ width: 160 }} min={1} max={10} value={depth} onChange={setDepth} /></Space>
        <Space>{[1, 2, 3, 4].map((g) => <Tag key={g} color={GRADE_COLOURS[g]}>{t('grade.level', { n: g })}</Tag>)}</Space>
      </Space>
      <ErrorAlert error={res.error} message={problem} />
      {!columnId ? <Empty description={t('lineage.pick')} /> : (
        <Row gutter={[16, 16]}>
          <Col xs={24} xxl={16}>
            <LineageGraph nodes={nodes} edges={edges} onSelect={(id) => setParams({ column: id })} />
            {conflicts.length > 0 && (
              <Card size="small" title={t('lineage.conflicts')} style={{ marginTop: 16 }}>
                <Table size="small" rowKey={(c) => `${c.upstreamId}>${c.columnId}`} pagination={false} dataSource={conflicts} columns={[
                  { title: t('lineage.upstreamColumn'), render: (_, c) => <Space>{c.upstreamPath}<GradeTag grade={c.upstreamGrade} /></Space> },
                  { title: t('lineage.column'), render: (_, c) => <Space>{c.path}<GradeTag grade={c.grade} /></Space> },
                ]} />
              </Card>
            )}
          </Col>
          <Col xs={24} xxl={8}>
            <Card size="small" title={t('lineage.impact')}>
              <Table size="small" rowKey="id" pagination={false} dataSource={impact?.datasets ?? []} columns={[
                { title: t('catalogue.dataset'), dataIndex: 'path' },
                { title: t('catalogue.kind'), dataIndex: 'kind', render: (v) => t(`datasetKind.${v}`, { defaultValue: v ?? '' }) },
                { title: t('lineage.columns'), dataIndex: 'columns' },
                { title: t('lineage.hops'), dataIndex: 'minDepth' },
              ]} />
              {(impact?.reconciliations?.length ?? 0) > 0 && <Typography.Paragraph style={{ marginTop: 8 }}>{t('lineage.impactReconciliations')}: {impact!.reconciliations!.map((r) => <Tag key={r.id}>{r.name}</Tag>)}</Typography.Paragraph>}
              {(impact?.jobs?.length ?? 0) > 0 && <Typography.Paragraph>{t('lineage.jobs')}: {impact!.jobs!.map((j) => <Tag key={j}>{j}</Tag>)}</Typography.Paragraph>}
            </Card>
          </Col>
        </Row>
      )}
      <Reconciliations />
    </div>
  );
}

function Reconciliations() {
  const { t } = useTranslation();
  const [res, refetch] = useQuery({ query: ReconciliationsDoc });
  const [state, run] = useMutation(RunReconciliationDoc);
  return (
    <Card size="small" title={t('reconciliation.title')} style={{ marginTop: 16 }}>
      <ErrorAlert error={res.error ?? state.error} />
      <Table size="small" rowKey="id" pagination={false} dataSource={res.data?.reconciliations ?? []} scroll={{ x: 800 }} columns={[
        { title: t('reconciliation.name'), dataIndex: 'name' },
        { title: t('reconciliation.description'), dataIndex: 'description', ellipsis: true },
        { title: t('reconciliation.result'), render: (_, r) => r.lastOk == null ? <Tag>{t('reconciliation.never')}</Tag> : <Tag color={r.lastOk ? 'green' : 'red'}>{t(r.lastOk ? 'reconciliation.ok' : 'reconciliation.failed')}</Tag> },
        { title: t('reconciliation.failing'), render: (_, r) => r.results?.[0] ? `${r.results[0].failingCount ?? 0}/${r.results[0].groups ?? 0}` : '—' },
        { title: t('reconciliation.lastRunAt'), dataIndex: 'lastRunAt', render: (v) => v ? new Date(v).toLocaleString() : '—' },
        { title: t('common.actions'), render: (_, r) => <Button size="small" loading={state.fetching} onClick={async () => {
          const x = await run({ id: r.id! });
          const err = x.error?.message ?? typedError(x.data?.runReconciliation);
          if (err) return void message.error(err);
          refetch({ requestPolicy: 'network-only' });
        }}>{t('reconciliation.run')}</Button> },
      ]} />
    </Card>
  );
}
