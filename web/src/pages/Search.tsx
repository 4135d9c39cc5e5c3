// Catalogue search: Chinese, English or pinyin (initials too, e.g. khxm), with facets for system,
// grade, owner and conformance; hits link to their dataset or source.
import { useState } from 'react';
import { Card, Checkbox, Col, Empty, Input, List, Row, Space, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import type { SearchFilter } from '../gql/graphql';
import { ErrorAlert } from '../components/ErrorAlert';
import { GradeTag } from '../components/GradeTag';
import { typedError } from '../api';

const SearchDoc = graphql(`
  query Search($query: String!, $filter: SearchFilter, $first: Int) {
    search(query: $query, filter: $filter, first: $first) {
      __typename
      ... on SearchConnection { total relaxed facets edges { node { id kind name path comment grade categoryPath system owner conformance datasetId sourceId standardCode } } }
      ... on Error { message }
    }
  }
`);

type Facets = Partial<Record<'system' | 'grade' | 'owner' | 'conformance' | 'kind', Record<string, number>>>;
const FACETS = ['system', 'grade', 'owner', 'conformance'] as const;

function hitLink(h: { kind?: string | null; id?: string | null; datasetId?: string | null; sourceId?: string | null }): string {
  if (h.kind === 'column' && h.datasetId) return `/catalogue/dataset/${encodeURIComponent(h.datasetId)}`;
  if (h.kind === 'dataset') return `/catalogue/dataset/${encodeURIComponent(h.id ?? '')}`;
  if (h.kind === 'source') return `/catalogue/source/${encodeURIComponent(h.id ?? '')}`;
  return '/standards';
}

export function Search() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const query = params.get('q') ?? '';
  const [text, setText] = useState(query);
  const [filter, setFilter] = useState<SearchFilter>({});
  const [res] = useQuery({ query: SearchDoc, variables: { query, filter, first: 50 }, pause: !query });
  const r = res.data?.search;
  const ok = r?.__typename === 'SearchConnection' ? r : null;
  const facets = (ok?.facets ?? {}) as Facets;
  const label = (facet: string, v: string) => facet === 'grade' ? t('grade.level', { n: v }) : facet === 'conformance' ? t(`conformance.${v}`, { defaultValue: v }) : v;
  return (
    <div data-testid="search">
      <Input.Search size="large" enterButton={t('search.go')} placeholder={t('search.placeholder')} value={text} data-testid="search-input"
        onChange={(e) => setText(e.target.value)} onSearch={(v) => { setFilter({}); setParams(v.trim() ? { q: v.trim() } : {}); }} style={{ marginBottom: 16 }} />
      <ErrorAlert error={res.error} message={typedError(r)} />
      {!query ? <Empty description={t('search.hint')} /> : (
        <Row gutter={16}>
          <Col xs={24} md={6}>
            {FACETS.map((f) => Object.keys(facets[f] ?? {}).length > 0 && (
              <Card key={f} size="small" title={t(`search.facet.${f}`)} style={{ marginBottom: 12 }}>
                <Checkbox.Group style={{ display: 'flex', flexDirection: 'column' }}
                  value={((filter[f] ?? []) as (string | number)[]).map(String)}
                  onChange={(vals) => setFilter({ ...filter, [f]: f === 'grade' ? vals.map(Number) : vals })}
                  options={Object.entries(facets[f] ?? {}).map(([v, n]) => ({ value: v, label: `${label(f, v)} (${n})` }))} />
              </Card>
            ))}
          </Col>
          <Col xs={24} md={18}>
            <Typography.Text type="secondary">{t('search.total', { count: ok?.total ?? 0 })}{ok?.relaxed ? ` · ${t('search.relaxed')}` : ''}</Typography.Text>
            <List data-testid="search-results" loading={res.fetching} dataSource={(ok?.edges ?? []).flatMap((e) => (e.node ? [e.node] : []))} renderItem={(h) => (
              <List.Item>
                <List.Item.Meta
                  title={<Space><Tag>{t(`search.kind.${h.kind}`, { defaultValue: h.kind ?? '' })}</Tag><Link to={hitLink(h)}>{h.path ?? h.name}</Link><GradeTag grade={h.grade} /></Space>}
                  description={<Space wrap>{h.comment}{h.categoryPath && <Tag>{h.categoryPath}</Tag>}{h.system && <Tag color="blue">{h.system}</Tag>}{h.owner && <Tag>{t('ownership.owner')}: {h.owner}</Tag>}{h.standardCode && <Tag>{h.standardCode}</Tag>}</Space>}
                />
              </List.Item>
            )} />
          </Col>
        </Row>
      )}
    </div>
  );
}
