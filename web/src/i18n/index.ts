// vue-i18n with Vietnamese first and English second; the choice is remembered in the browser and
// set as the page's lang attribute.
import { createI18n } from 'vue-i18n';
import vi from './vi.json';
import en from './en.json';
import { LOCALES, type Locale } from './format';

export type MessageSchema = typeof vi;

const STORAGE_KEY = 'kieumau.locale';

function storedLocale(): Locale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored && (LOCALES as readonly string[]).includes(stored)) return stored as Locale;
  } catch {
    // Storage may be blocked; Vietnamese then.
  }
  return 'vi';
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: 'vi',
  messages: { vi, en },
  missingWarn: import.meta.env.DEV,
  fallbackWarn: import.meta.env.DEV,
});

export function currentLocale(): Locale {
  return i18n.global.locale.value;
}

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not remembered, still switched.
  }
}
