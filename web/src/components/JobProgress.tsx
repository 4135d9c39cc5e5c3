// A live progress bar for a long job (harvest, classification): polls job(id) until it ends.
import { useEffect } from 'react';
import { Alert, Progress, Space, Typography } from 'antd';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import { ErrorAlert } from './ErrorAlert';

const JobQuery = graphql(`
  query Job($id: String!) { job(id: $id) { id kind status done total current message result } }
`);

interface JobResult { datasets?: number; columns?: number; added?: number; changed?: number; dropped?: number; problems?: { file?: string; line?: number; message?: string }[] }

export function JobProgress({ jobId, onDone }: { jobId: string; onDone?: (status: string) => void }) {
  const { t } = useTranslation();
  const [res, refetch] = useQuery({ query: JobQuery, variables: { id: jobId }, requestPolicy: 'network-only' });
  const job = res.data?.job;
  const running = !job || job.status === 'running';
  useEffect(() => {
    if (!running) { onDone?.(job?.status ?? 'failed'); return; }
    const timer = setTimeout(() => refetch({ requestPolicy: 'network-only' }), 500);
    return () => clearTimeout(timer);
  }, [res.data, running]); // eslint-disable-line react-hooks/exhaustive-deps
  const total = job?.total ?? 0;
  const result = (job?.result ?? null) as JobResult | null;
  const problems = Array.isArray(result?.problems) ? result.problems : [];
  const percent = job?.status === 'succeeded' ? 100 : total > 0 ? Math.floor(((job?.done ?? 0) * 100) / total) : 0;
  const status = job?.status === 'failed' || job?.status === 'cancelled' ? 'exception' : job?.status === 'succeeded' ? 'success' : 'active';
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="job-progress" data-status={job?.status ?? 'pending'}>
      <ErrorAlert error={res.error} />
      <Progress percent={percent} status={status} />
      <Typography.Text type="secondary">
        {t(`job.status.${job?.status ?? 'running'}`)} · {t('job.counts', { done: job?.done ?? 0, total })}{job?.current ? ` · ${job.current}` : ''}
      </Typography.Text>
      {job?.message && <Typography.Text type={status === 'exception' ? 'danger' : 'secondary'}>{job.message}</Typography.Text>}
      {result && job?.status === 'succeeded' && (
        <Typography.Text data-testid="job-summary">{t('job.summary', { datasets: result.datasets ?? 0, columns: result.columns ?? 0, added: result.added ?? 0, changed: result.changed ?? 0, dropped: result.dropped ?? 0 })}</Typography.Text>
      )}
      {problems.length > 0 && (
        <Alert type="warning" showIcon data-testid="job-problems" title={t('job.problems', { count: problems.length })}
          description={<>{problems.slice(0, 10).map((p, i) => <div key={i}>{[p.file, p.line].filter((x) => x != null).join(':')} {p.message}</div>)}{t('job.problemsHint')}</>} />
      )}
    </Space>
  );
}
