// i18next set-up: zh-CN by default, English switchable; the choice is remembered in localStorage.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import zhCN from './locales/zh-CN.json';
import en from './locales/en.json';
import lifecycleZhCN from './locales/lifecycle.zh-CN.json';
import lifecycleEn from './locales/lifecycle.en.json';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'fundgov.lang';

function initialLanguage(): Language {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  return (LANGUAGES as readonly string[]).includes(saved ?? '') ? (saved as Language) : 'zh-CN';
}

type Labels = Record<string, unknown>;
/** A domain's own locale file (e.g. lifecycle.*.json) merged into the base labels, one level deep ('menu' and its own section). */
export function withExtra(base: Labels, extra: Labels): Labels {
  const out: Labels = { ...base };
  for (const [k, v] of Object.entries(extra)) out[k] = v && typeof v === 'object' && out[k] && typeof out[k] === 'object' ? { ...(out[k] as Labels), ...(v as Labels) } : v;
  return out;
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: withExtra(zhCN, lifecycleZhCN) }, en: { translation: withExtra(en, lifecycleEn) } },
  lng: initialLanguage(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});

export function setLanguage(lang: Language): void {
  localStorage.setItem(STORAGE_KEY, lang);
  void i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
}

export default i18n;
