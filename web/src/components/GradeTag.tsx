// A JR/T 0158 grade as a coloured tag; the same colours mark grades in charts and the lineage graph.
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

export const GRADE_COLOURS: Record<number, string> = { 1: '#52c41a', 2: '#1677ff', 3: '#fa8c16', 4: '#f5222d' };
export const UNGRADED_COLOUR = '#bfbfbf';

export function gradeColour(grade: number | null | undefined): string {
  return (grade && GRADE_COLOURS[grade]) || UNGRADED_COLOUR;
}

export function GradeTag({ grade }: { grade: number | null | undefined }) {
  const { t } = useTranslation();
  if (!grade) return <Tag>{t('grade.none')}</Tag>;
  return <Tag color={gradeColour(grade)}>{t('grade.level', { n: grade })}</Tag>;
}

export function StatusTag({ status }: { status: string | null | undefined }) {
  const { t } = useTranslation();
  const colour = status === 'confirmed' ? 'green' : status === 'overridden' ? 'purple' : status === 'suggested' ? 'gold' : 'default';
  return <Tag color={colour} data-testid="grade-status">{t(`gradeStatus.${status ?? 'unclassified'}`)}</Tag>;
}
