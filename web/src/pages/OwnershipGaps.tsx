// Ownership gaps: graded datasets and columns without an owner or custodian, worst grade first;
// a steward assigns the missing department in place.
import { useState } from 'react';
import { Button, Input, Select, Space, Switch, Table, Tag, Typography, message } from 'antd';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import type { OwnershipRole } from '../gql/graphql';
import { ErrorAlert } from '../components/ErrorAlert';
import { GradeTag } from '../components/GradeTag';
import { typedError } from '../api';
import { useMe } from '../auth';

const GapsQuery = graphql(`
  query OwnershipGaps($includeColumns: Boolean) { ownershipGaps(includeColumns: $includeColumns) { id kind path grade missing } }
`);
const SetOwnershipDoc = graphql(`
  mutation SetOwnership($id: String!, $kind: AssetKind!, $role: OwnershipRole!, $parties: [String!]!) {
    setOwnership(id: $id, kind: $kind, role: $role, parties: $parties) { __typename ... on Ownership { owner custodian } ... on Error { message } }
  }
`);

export function OwnershipGaps() {
  const { t } = useTranslation();
  const { roles } = useMe();
  const canEdit = roles.includes('steward') || roles.includes('admin');
  const [includeColumns, setIncludeColumns] = useState(false);
  const [res, refetch] = useQuery({ query: GapsQuery, variables: { includeColumns } });
  return (
    <div data-testid="ownership">
      <Space style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('ownership.gaps')}</Typography.Title>
        <Switch checked={includeColumns} onChange={setIncludeColumns} /> {t('ownership.includeColumns')}
      </Space>
      <ErrorAlert error={res.error} />
      <Table
        rowKey={(g) => `${g.kind}:${g.id}`} size="small" loading={res.fetching && !res.data} dataSource={res.data?.ownershipGaps ?? []} scroll={{ x: 900 }}
        pagination={{ pageSize: 50, showTotal: (n) => t('common.total', { count: n }) }}
        columns={[
          { title: t('ownership.asset'), dataIndex: 'path' },
          { title: t('catalogue.kind'), dataIndex: 'kind', render: (v) => t(`assetKind.${v}`) },
          { title: t('catalogue.grade'), dataIndex: 'grade', render: (g) => <GradeTag grade={g} /> },
          { title: t('ownership.missingRoles'), dataIndex: 'missing', render: (m?: string[] | null) => m?.map((r) => <Tag color="red" key={r}>{t(`ownership.${r}`)}</Tag>) },
          ...(canEdit ? [{ title: t('ownership.assign'), render: (_: unknown, g: { id?: string | null; kind?: string | null; missing?: string[] | null }) => <Assign gap={g} onDone={() => refetch({ requestPolicy: 'network-only' })} /> }] : []),
        ]}
      />
    </div>
  );
}

function Assign({ gap, onDone }: { gap: { id?: string | null; kind?: string | null; missing?: string[] | null }; onDone(): void }) {
  const { t } = useTranslation();
  const [role, setRole] = useState<OwnershipRole>((gap.missing?.[0] as OwnershipRole) ?? 'owner');
  const [dept, setDept] = useState('');
  const [state, set] = useMutation(SetOwnershipDoc);
  return (
    <Space.Compact>
      <Select style={{ width: 120 }} value={role} onChange={setRole} options={(['owner', 'custodian'] as const).map((r) => ({ value: r, label: t(`ownership.${r}`) }))} />
      <Input style={{ width: 140 }} placeholder={t('ownership.department')} value={dept} onChange={(e) => setDept(e.target.value)} />
      <Button loading={state.fetching} disabled={!dept.trim()} onClick={async () => {
        const r = await set({ id: gap.id!, kind: gap.kind === 'Column' ? 'Column' : 'Dataset', role, parties: [dept.trim()] });
        const err = r.error?.message ?? typedError(r.data?.setOwnership);
        if (err) return void message.error(err);
        void message.success(t('ownership.saved'));
        onDone();
      }}>{t('common.save')}</Button>
    </Space.Compact>
  );
}
