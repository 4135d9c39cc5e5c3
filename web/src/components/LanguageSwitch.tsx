// zh-CN / English switch; each language is named in itself (from the locale files).
import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type Language } from '../i18n';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Segmented data-testid="language" value={i18n.language} onChange={(v) => setLanguage(v as Language)}
      options={LANGUAGES.map((l) => ({ value: l, label: <span data-testid={`language-${l}`}>{t(`language.${l === 'zh-CN' ? 'zh' : l}`)}</span> }))} />
  );
}
