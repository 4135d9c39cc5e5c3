// Rule editing with a preview: pick a rule kind and a rule, edit its keyword lists in a form or the
// whole rule as JSON, preview which columns the change would regrade, then save it as a new version.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Input, InputNumber, Popconfirm, Radio, Row, Select, Space, Table, Tag, Typography, message } from 'antd';
import { EyeOutlined, SaveOutlined } from '@ant-design/icons';
import { useClient, useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import type { PreviewRuleQuery, RuleChangeInput } from '../gql/graphql';
import { ErrorAlert } from '../components/ErrorAlert';
import { GradeTag } from '../components/GradeTag';
import { typedError } from '../api';

const RulesDoc = graphql(`
  query ClassificationRules { classificationRules classificationRuleHistory { version actor at change } categories { code path } }
`);
const PreviewDoc = graphql(`
  query PreviewRule($change: RuleChangeInput!) {
    previewClassificationRule(change: $change) {
      __typename
      ... on RuleChangePreview { version total datasetsChecked columnsChecked all changes { columnId path before after currentGrade gradeStatus afterCategoryPath } }
      ... on Error { message }
    }
  }
`);
const SaveDoc = graphql(`
  mutation ChangeRule($change: RuleChangeInput!) {
    changeClassificationRule(change: $change) { __typename ... on RuleSetVersion { version } ... on Error { message } }
  }
`);

const KINDS = ['concept', 'context', 'detector', 'patternDetector', 'modifier', 'aggregation', 'system'] as const;
type Kind = (typeof KINDS)[number];
const FIELD: Record<Kind, string> = { concept: 'concepts', context: 'contexts', detector: 'detectors', patternDetector: 'patternDetectors', modifier: 'modifiers', aggregation: 'aggregations', system: 'systems' };
/** keyword lists the form edits, per kind */
const LISTS: Partial<Record<Kind, string[]>> = { concept: ['zh', 'en', 'exclude'], context: ['zh', 'en'], system: ['zh', 'en'] };
const NEW = '__new__';

type Preview = Extract<NonNullable<PreviewRuleQuery['previewClassificationRule']>, { __typename: 'RuleChangePreview' }>;
type Rule = Record<string, unknown> & { id?: string; label?: string };

export function Rules() {
  const { t } = useTranslation();
  const client = useClient();
  const [res, refetch] = useQuery({ query: RulesDoc, requestPolicy: 'network-only' });
  const [saving, save] = useMutation(SaveDoc);
  const [kind, setKind] = useState<Kind>('concept');
  const [ruleId, setRuleId] = useState<string>(NEW);
  const [op, setOp] = useState<'upsert' | 'remove'>('upsert');
  const [json, setJson] = useState('');
  const [note, setNote] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const rules = (res.data?.classificationRules ?? null) as Record<string, Rule[]> | null;
  const list = useMemo(() => (rules?.[FIELD[kind]] ?? []) as Rule[], [rules, kind]);
  useEffect(() => {
    const r = list.find((x) => x.id === ruleId);
    setJson(JSON.stringify(r ?? template(kind), null, 2));
    setPreview(null); setProblem(null);
    if (!r) setOp('upsert');
  }, [list, ruleId, kind]);

  const parsed = useMemo<Rule | null>(() => { try { const v = JSON.parse(json); return v && typeof v === 'object' && !Array.isArray(v) ? v : null; } catch { return null; } }, [json]);
  const change = (): RuleChangeInput | null => {
    if (op === 'remove') return ruleId === NEW ? null : { op, kind, id: ruleId, note: note.trim() || undefined };
    return parsed ? { op, kind, rule: parsed, note: note.trim() || undefined } : null;
  };
  const edit = (key: string, value: unknown) => { if (parsed) setJson(JSON.stringify({ ...parsed, [key]: value }, null, 2)); };

  async function runPreview() {
    const c = change();
    if (!c) return setProblem(t('rules.badJson'));
    setPreviewing(true); setProblem(null); setPreview(null);
    const r = await client.query(PreviewDoc, { change: c }, { requestPolicy: 'network-only' }).toPromise();
    setPreviewing(false);
    const p = r.data?.previewClassificationRule;
    const err = r.error?.message ?? typedError(p);
    if (err) return setProblem(err);
    if (p?.__typename === 'RuleChangePreview') setPreview(p);
  }
  async function runSave() {
    const c = change();
    if (!c) return setProblem(t('rules.badJson'));
    const r = await save({ change: c });
    const err = r.error?.message ?? typedError(r.data?.changeClassificationRule);
    if (err) return setProblem(err);
    const v = r.data?.changeClassificationRule;
    void message.success(t('rules.saved', { version: v?.__typename === 'RuleSetVersion' ? v.version : '?' }));
    setPreview(null); setNote('');
    refetch({ requestPolicy: 'network-only' });
  }

  return (
    <div data-testid="rules">
      <Typography.Title level={4}>{t('rules.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('rules.help')}</Typography.Paragraph>
      <ErrorAlert error={res.error} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card size="small">
            <Space wrap style={{ marginBottom: 12 }}>
              <Select style={{ width: 180 }} value={kind} data-testid="rule-kind" onChange={(k) => { setKind(k); setRuleId(NEW); }}
                options={KINDS.map((k) => ({ value: k, label: t(`rules.kind.${k}`) }))} />
              <Select style={{ width: 320 }} value={ruleId} showSearch={{ optionFilterProp: 'label' }} data-testid="rule-id" onChange={setRuleId}
                options={[{ value: NEW, label: t('rules.newRule') }, ...list.map((r) => ({ value: String(r.id), label: `${r.id}${r.label ? ` ${r.label}` : ''}` }))]} />
              <Radio.Group value={op} onChange={(e) => setOp(e.target.value)} optionType="button"
                options={[{ value: 'upsert', label: t('rules.upsert') }, { value: 'remove', label: t('rules.remove'), disabled: ruleId === NEW }]} />
            </Space>
            {op === 'upsert' && parsed && (
              <Space orientation="vertical" style={{ width: '100%', marginBottom: 12 }}>
                {kind === 'concept' && (
                  <Space wrap>
                    {t('catalogue.grade')}<InputNumber min={1} max={4} value={Number(parsed.grade) || undefined} onChange={(v) => edit('grade', v)} data-testid="rule-grade" />
                    {t('catalogue.category')}<Select style={{ width: 260 }} showSearch={{ optionFilterProp: 'label' }} value={parsed.category as string | undefined} onChange={(v) => edit('category', v)}
                      options={(res.data?.categories ?? []).map((c) => ({ value: c.code!, label: `${c.code} ${c.path}` }))} />
                  </Space>
                )}
                {(LISTS[kind] ?? []).map((key) => (
                  <div key={key}>
                    <Typography.Text>{t(`rules.list.${key}`)}</Typography.Text>
                    <Select mode="tags" style={{ width: '100%' }} value={Array.isArray(parsed[key]) ? parsed[key] as string[] : []} data-testid={`rule-${key}`}
                      onChange={(v) => edit(key, v)} tokenSeparators={[',', '，', '、']} open={false} />
                  </div>
                ))}
              </Space>
            )}
            <Typography.Text>{t('rules.json')}</Typography.Text>
            <Input.TextArea rows={14} value={json} onChange={(e) => setJson(e.target.value)} disabled={op === 'remove'} data-testid="rule-json"
              status={parsed ? undefined : 'error'} style={{ fontFamily: 'monospace', fontSize: 12 }} />
            {!parsed && <Typography.Text type="danger">{t('rules.badJson')}</Typography.Text>}
            <Input style={{ marginTop: 12 }} placeholder={t('rules.note')} value={note} onChange={(e) => setNote(e.target.value)} data-testid="rule-note" />
            <Space style={{ marginTop: 12 }}>
              <Button icon={<EyeOutlined />} onClick={runPreview} loading={previewing} data-testid="rule-preview">{t('rules.preview')}</Button>
              <Popconfirm title={t('rules.saveConfirm')} onConfirm={runSave} okButtonProps={{ 'data-testid': 'rule-save-ok' } as Record<string, string>}>
                <Button type="primary" icon={<SaveOutlined />} loading={saving.fetching} disabled={!preview || note.trim().length < 2} data-testid="rule-save">{t('rules.save')}</Button>
              </Popconfirm>
            </Space>
            {!preview && <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('rules.previewFirst')}</Typography.Paragraph>}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <ErrorAlert message={problem} />
          {preview && (
            <Card size="small" title={t('rules.previewTitle')} data-testid="rule-preview-result" data-total={preview.total}>
              <Alert type={preview.total ? 'warning' : 'info'} showIcon style={{ marginBottom: 12 }}
                title={t('rules.previewSummary', { total: preview.total, columns: preview.columnsChecked, datasets: preview.datasetsChecked, version: preview.version })}
                description={t('rules.previewNote')} />
              <Table size="small" rowKey="columnId" dataSource={preview.changes ?? []} pagination={{ pageSize: 20 }} scroll={{ x: 600 }} columns={[
                { title: t('lineage.column'), dataIndex: 'path' },
                { title: t('rules.before'), dataIndex: 'before', render: (g) => <GradeTag grade={g} /> },
                { title: t('rules.after'), dataIndex: 'after', render: (g) => <GradeTag grade={g} /> },
                { title: t('catalogue.category'), dataIndex: 'afterCategoryPath' },
                { title: t('catalogue.gradeStatus'), dataIndex: 'gradeStatus', render: (s) => s === 'suggested' ? <Tag>{t('rules.willChange')}</Tag> : <Tag color="blue">{t('rules.kept')}</Tag> },
              ]} />
            </Card>
          )}
          <Card size="small" title={t('rules.history')} style={{ marginTop: 16 }}>
            <Table size="small" rowKey="version" pagination={{ pageSize: 10 }} dataSource={res.data?.classificationRuleHistory ?? []} columns={[
              { title: t('catalogue.version'), dataIndex: 'version' },
              { title: t('audit.actor'), dataIndex: 'actor' },
              { title: t('catalogue.change'), dataIndex: 'change' },
              { title: t('catalogue.at'), dataIndex: 'at', render: (v) => v ? new Date(v).toLocaleString() : '' },
            ]} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

function template(kind: Kind): Rule {
  switch (kind) {
    case 'concept': return { id: 'col.new', label: '', category: 'C01', grade: 3, priority: 50, weight: 0.8, zh: [], en: [] };
    case 'context': return { id: 'new', label: '', priority: 50, zh: [], en: [], unknownGrade: 2, defaultCategory: 'M01' };
    case 'detector': return { id: 'det.new', detector: '', concept: '', minHitRatio: 0.3, strength: 'weak' };
    case 'system': return { id: 'new-system', label: '', priority: 10, zh: [], en: [], defaultCategory: 'O01' };
    default: return { id: 'new' };
  }
}
