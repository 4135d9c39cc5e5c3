// An error, with what to do about it.
import { Alert } from 'antd';
import type { CombinedError } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorCode } from '../api';

export function ErrorAlert({ error, message }: { error?: CombinedError | null; message?: string | null }) {
  const { t } = useTranslation();
  if (!error && !message) return null;
  const code = error ? errorCode(error) : 'USER';
  const detail = error ? (error.graphQLErrors[0]?.message ?? error.networkError?.message ?? error.message) : message;
  return (
    <Alert
      type="error"
      showIcon
      data-testid="error"
      title={t(`error.${code}.title`, { defaultValue: t('error.OTHER.title') })}
      description={<>{detail}<br />{t(`error.${code}.hint`, { defaultValue: t('error.OTHER.hint') })}</>}
      style={{ marginBottom: 16 }}
    />
  );
}
