// Leak tracing: upload a leaked file or paste rows; POST /api/v1/trace says whose export it was,
// with the statistics behind the answer.
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Input, Space, Table, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth';
import { ErrorAlert } from '../components/ErrorAlert';
import { GradeTag } from '../components/GradeTag';

export const TRACE_URL = '/api/v1/trace';

interface TraceAnswer {
  match: boolean; exportId: string | null; falsePositiveProbability: number | null; agreeingRows: number | null; rows: number | null;
  carrierBits: number | null; agreeingBits: number | null; candidates: number; rowsRead: number; threshold: number;
  export: { datasetId?: string; createdAt?: string; rowCount?: number } | null;
  request: { id: string; requester: string; purpose: string; endDate: string; grade: number; createdAt: string } | null;
  approvers: { step: number; kind: string; department: string | null; decidedBy: string | null; onBehalfOf: string | null; decidedAt: string | null }[];
  runnerUp: { exportId: string; falsePositiveProbability: number } | null;
  kind?: 'export' | 'report' | null;
  reportId?: string | null;
  report: { generatedBy?: string; generatedAt?: string; scope?: string } | null;
  destroyed: { confirmedAt?: string; confirmedBy?: string } | null;
}

export function LeakTrace() {
  const { t } = useTranslation();
  const { token } = useAuth();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<TraceAnswer | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function trace(body: BodyInit) {
    setBusy(true); setProblem(null); setAnswer(null);
    try {
      const res = await fetch(TRACE_URL, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body });
      const json = await res.json();
      if (!res.ok) setProblem(json.error ?? String(res.status)); else setAnswer(json);
    } catch (err) {
      setProblem((err as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div data-testid="leak">
      <Typography.Title level={4}>{t('leak.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('leak.help')}</Typography.Paragraph>
      <Space align="start" wrap style={{ marginBottom: 16 }}>
        <Upload beforeUpload={(file) => { void file.arrayBuffer().then((b) => trace(b)); return false; }} showUploadList={false} accept=".csv,.xlsx,.txt">
          <Button icon={<UploadOutlined />} loading={busy} type="primary">{t('leak.upload')}</Button>
        </Upload>
        <Space.Compact style={{ width: 560 }}>
          <Input.TextArea rows={4} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('leak.paste')} />
          <Button disabled={!text.trim()} loading={busy} onClick={() => trace(new TextEncoder().encode(text))}>{t('leak.trace')}</Button>
        </Space.Compact>
      </Space>
      <ErrorAlert message={problem} />
      {answer && (
        <Card size="small" data-testid="leak-result" data-match={String(answer.match)}>
          <Alert showIcon type={answer.match ? 'warning' : 'info'} style={{ marginBottom: 12 }}
            title={!answer.match ? t('leak.noMatch') : answer.kind === 'report'
              ? t('leak.matchReport', { user: answer.report?.generatedBy ?? '?', reportId: answer.reportId })
              : t('leak.match', { requester: answer.request?.requester ?? '?', exportId: answer.exportId })}
            description={answer.match ? t('leak.matchHint') : t('leak.noMatchHint')} />
          {answer.destroyed && (
            <Alert showIcon type="error" style={{ marginBottom: 12 }} data-testid="leak-destroyed"
              title={t('leak.destroyed', { at: answer.destroyed.confirmedAt ? new Date(answer.destroyed.confirmedAt).toLocaleString() : '?', by: answer.destroyed.confirmedBy ?? '?' })} />
          )}
          <Descriptions size="small" column={{ xs: 1, md: 3 }} items={[
            { key: 'p', label: t('leak.falsePositive'), children: answer.falsePositiveProbability == null ? '—' : answer.falsePositiveProbability.toExponential(2) },
            { key: 'th', label: t('leak.threshold'), children: answer.threshold.toExponential(0) },
            { key: 'rows', label: t('leak.rows'), children: `${answer.agreeingRows ?? 0} / ${answer.rows ?? 0} (${answer.rowsRead})` },
            { key: 'bits', label: t('leak.bits'), children: `${answer.agreeingBits ?? 0} / ${answer.carrierBits ?? 0}` },
            { key: 'c', label: t('leak.candidates'), children: answer.candidates },
            { key: 'r', label: t('leak.runnerUp'), children: answer.runnerUp ? `${answer.runnerUp.exportId} (${answer.runnerUp.falsePositiveProbability.toExponential(2)})` : '—' },
            ...(answer.report ? [
              { key: 'gb', label: t('leak.generatedBy'), children: answer.report.generatedBy ?? '—' },
              { key: 'sc', label: t('leak.scope'), children: answer.report.scope ?? '—' },
              { key: 'ga', label: t('leak.generatedAt'), children: answer.report.generatedAt ? new Date(answer.report.generatedAt).toLocaleString() : '—' },
            ] : []),
            ...(answer.request ? [
              { key: 'req', label: t('requests.requester'), children: answer.request.requester },
              { key: 'pur', label: t('requests.purpose'), children: answer.request.purpose },
              { key: 'g', label: t('catalogue.grade'), children: <GradeTag grade={answer.request.grade} /> },
              { key: 'd', label: t('catalogue.dataset'), children: answer.export?.datasetId ?? '—' },
              { key: 'at', label: t('catalogue.at'), children: answer.export?.createdAt ? new Date(answer.export.createdAt).toLocaleString() : '—' },
            ] : []),
          ]} />
          {answer.approvers.length > 0 && (
            <Table size="small" rowKey={(a) => String(a.step)} pagination={false} style={{ marginTop: 12 }} dataSource={answer.approvers} columns={[
              { title: t('requests.stepLabel'), render: (_, a) => t(`requests.step.${a.kind}`, { defaultValue: a.kind }) },
              { title: t('ownership.department'), dataIndex: 'department' },
              { title: t('leak.approver'), render: (_, a) => a.onBehalfOf ? t('leak.byDelegate', { user: a.decidedBy, for: a.onBehalfOf }) : a.decidedBy },
              { title: t('catalogue.at'), dataIndex: 'decidedAt', render: (v) => v ? new Date(v).toLocaleString() : '' },
            ]} />
          )}
        </Card>
      )}
    </div>
  );
}
