// A screen whose API has not landed on this server yet: says so, and what it will do.
import { Result } from 'antd';
import { useTranslation } from 'react-i18next';

export function Pending({ feature }: { feature: string }) {
  const { t } = useTranslation();
  return <Result status="info" data-testid={`pending-${feature}`} title={t(`menu.${feature}`)} subTitle={<>{t(`pending.${feature}`)}<br />{t('pending.hint')}</>} />;
}
