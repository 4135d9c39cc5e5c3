// Data standards: the list, conformance per system, the Excel workbook download.
import { Button, Card, Col, Row, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useClient, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import { ErrorAlert } from '../components/ErrorAlert';
import { GradeTag } from '../components/GradeTag';

const StandardsDoc = graphql(`
  query Standards {
    standards { code nameZh nameEn dataType length precision defaultCategory defaultGrade status version ownerDepartment definition }
    conformanceBySource { sourceId system columns mapped conforming partial nonconforming average }
  }
`);
const WorkbookDoc = graphql(`query StandardsWorkbook { standardsWorkbook }`);

export function Standards() {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const [res] = useQuery({ query: StandardsDoc });
  async function download() {
    const r = await client.query(WorkbookDoc, {}, { requestPolicy: 'network-only' }).toPromise();
    if (!r.data?.standardsWorkbook) return;
    const bytes = Uint8Array.from(atob(r.data.standardsWorkbook), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
    const a = document.createElement('a');
    a.href = url; a.download = 'standards.xlsx'; a.click();
    URL.revokeObjectURL(url);
  }
  return (
    <div data-testid="standards">
      <Space style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('standards.title')}</Typography.Title>
        <Button icon={<DownloadOutlined />} onClick={download}>{t('standards.workbook')}</Button>
      </Space>
      <ErrorAlert error={res.error} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Table rowKey="code" size="small" dataSource={res.data?.standards ?? []} loading={res.fetching && !res.data} scroll={{ x: 800 }}
            expandable={{ expandedRowRender: (s) => s.definition }}
            columns={[
              { title: t('standards.code'), dataIndex: 'code' },
              { title: t('standards.name'), render: (_, s) => i18n.language === 'en' ? s.nameEn : s.nameZh },
              { title: t('catalogue.type'), render: (_, s) => `${s.dataType ?? ''}${s.length ? `(${s.length}${s.precision ? `,${s.precision}` : ''})` : ''}` },
              { title: t('catalogue.category'), dataIndex: 'defaultCategory' },
              { title: t('catalogue.grade'), render: (_, s) => <GradeTag grade={s.defaultGrade} /> },
              { title: t('standards.status'), dataIndex: 'status', render: (v) => <Tag>{t(`standards.statuses.${v}`, { defaultValue: v ?? '' })}</Tag> },
              { title: t('catalogue.version'), dataIndex: 'version' },
            ]} />
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('dashboard.conformance')} size="small">
            <Table rowKey="sourceId" size="small" pagination={false} dataSource={res.data?.conformanceBySource ?? []} columns={[
              { title: t('catalogue.system'), render: (_, r) => r.system ?? r.sourceId },
              { title: t('standards.mapped'), render: (_, r) => `${r.mapped ?? 0}/${r.columns ?? 0}` },
              { title: t('conformance.conforming'), dataIndex: 'conforming' },
              { title: t('standards.average'), render: (_, r) => r.average == null ? '—' : `${Math.round(r.average * 100)}%` },
            ]} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
