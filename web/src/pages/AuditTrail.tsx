// Audit trail: filters, pages by cursor, and "verify chain" which recomputes every HMAC link.
import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useClient, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { graphql } from '../gql';
import type { AuditFilter, AuditVerifyQuery } from '../gql/graphql';
import { ErrorAlert } from '../components/ErrorAlert';

const AuditEventsDoc = graphql(`
  query AuditEvents($filter: AuditFilter, $first: Int, $after: String) {
    auditHead { seq hash at }
    auditEvents(filter: $filter, first: $first, after: $after) {
      edges { cursor node { seq at actor action target grade requestId exportId outcome details hash } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);
const AuditVerifyDoc = graphql(`
  query AuditVerify { auditVerify { ok checked brokenAt reason } }
`);

type Verification = NonNullable<AuditVerifyQuery['auditVerify']>;
interface FilterForm { actor?: string; action?: string; target?: string; outcome?: string; range?: [Dayjs | null, Dayjs | null] | null }

export function AuditTrail() {
  const { t } = useTranslation();
  const client = useClient();
  const [filter, setFilter] = useState<AuditFilter>({});
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1];
  const [res] = useQuery({ query: AuditEventsDoc, variables: { filter, first: 50, after }, requestPolicy: 'network-only' });
  const [verifying, setVerifying] = useState(false);
  const [verification, setVerification] = useState<Verification | null>(null);
  const [verifyError, setVerifyError] = useState<Parameters<typeof ErrorAlert>[0]['error']>(null);

  async function verify() {
    setVerifying(true);
    const r = await client.query(AuditVerifyDoc, {}, { requestPolicy: 'network-only' }).toPromise();
    setVerifying(false);
    setVerifyError(r.error ?? null);
    setVerification(r.data?.auditVerify ?? null);
  }
  function apply(v: FilterForm) {
    const f: AuditFilter = {};
    for (const k of ['actor', 'action', 'target', 'outcome'] as const) if (v[k]?.trim()) f[k] = v[k]!.trim();
    if (v.range?.[0]) f.from = v.range[0].startOf('day').toISOString();
    if (v.range?.[1]) f.to = v.range[1].add(1, 'day').startOf('day').toISOString();
    setFilter(f);
    setCursors([null]);
  }
  const head = res.data?.auditHead;
  return (
    <div data-testid="audit">
      <Space style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('audit.title')}</Typography.Title>
        <Button type="primary" icon={<SafetyCertificateOutlined />} loading={verifying} onClick={verify} data-testid="verify">{t('audit.verify')}</Button>
      </Space>
      <ErrorAlert error={verifyError} />
      {verification && (
        <Alert
          data-testid="verify-result" data-ok={String(verification.ok)} showIcon style={{ marginBottom: 16 }}
          type={verification.ok ? 'success' : 'error'}
          title={verification.ok ? t('audit.verifyOk', { count: verification.checked ?? 0 }) : t('audit.verifyBroken', { seq: verification.brokenAt ?? '?' })}
          description={verification.ok ? t('audit.verifyOkHint') : <>{verification.reason}<br />{t('audit.verifyBrokenHint')}</>}
        />
      )}
      {head && <Typography.Paragraph type="secondary" data-testid="audit-head">{t('audit.head', { seq: head.seq, hash: head.hash, at: head.at ? new Date(head.at).toLocaleString() : '' })}</Typography.Paragraph>}
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form layout="inline" onFinish={apply}>
          <Form.Item name="actor" label={t('audit.actor')}><Input allowClear style={{ width: 140 }} /></Form.Item>
          <Form.Item name="action" label={t('audit.action')}><Input allowClear style={{ width: 160 }} placeholder={t('audit.actionPlaceholder')} /></Form.Item>
          <Form.Item name="target" label={t('audit.target')}><Input allowClear style={{ width: 160 }} /></Form.Item>
          <Form.Item name="outcome" label={t('audit.outcome')}>
            <Select allowClear style={{ width: 120 }} options={['ok', 'accepted', 'denied', 'failed', 'error'].map((o) => ({ value: o, label: t(`audit.outcomes.${o}`) }))} />
          </Form.Item>
          <Form.Item name="range" label={t('audit.range')}><DatePicker.RangePicker allowEmpty={[true, true]} /></Form.Item>
          <Button htmlType="submit" data-testid="audit-filter">{t('common.filter')}</Button>
        </Form>
      </Card>
      <ErrorAlert error={res.error} />
      <Table
        rowKey={(e) => String(e.node?.seq)} size="small" loading={res.fetching} pagination={false} dataSource={(res.data?.auditEvents?.edges ?? []).flatMap((e) => (e.node ? [{ node: e.node }] : []))} scroll={{ x: 1000 }}
        expandable={{ expandedRowRender: ({ node }) => <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{JSON.stringify({ details: node.details, requestId: node.requestId, exportId: node.exportId, hash: node.hash }, null, 2)}</pre> }}
        columns={[
          { title: t('audit.seq'), render: (_, { node }) => node.seq, width: 80 },
          { title: t('audit.at'), render: (_, { node }) => node.at ? new Date(node.at).toLocaleString() : '' },
          { title: t('audit.actor'), render: (_, { node }) => node.actor },
          { title: t('audit.action'), render: (_, { node }) => <Typography.Text code>{node.action}</Typography.Text> },
          { title: t('audit.target'), render: (_, { node }) => node.target, ellipsis: true },
          { title: t('audit.grade'), render: (_, { node }) => node.grade ?? '' },
          { title: t('audit.outcome'), render: (_, { node }) => <Tag color={['ok', 'accepted', 'match'].includes(node.outcome ?? '') ? 'green' : node.outcome === 'attempt' || node.outcome === 'started' ? 'blue' : 'red'}>{t(`audit.outcomes.${node.outcome}`, { defaultValue: node.outcome ?? '' })}</Tag> },
        ]}
      />
      <Space style={{ marginTop: 16 }}>
        <Button disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>{t('common.previous')}</Button>
        <Button disabled={!res.data?.auditEvents?.pageInfo?.hasNextPage} onClick={() => setCursors([...cursors, res.data?.auditEvents?.pageInfo?.endCursor ?? null])}>{t('common.next')}</Button>
      </Space>
    </div>
  );
}
