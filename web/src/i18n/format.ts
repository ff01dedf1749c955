// Numbers and dates as people read them: 1.234,5 in Vietnamese and 1,234.5 in English; dates
// dd/mm/yyyy in both. Pure functions, so the tests pin them without a browser.
export type Locale = 'vi' | 'en';

export const LOCALES: readonly Locale[] = ['vi', 'en'];

const numberLocale: Record<Locale, string> = { vi: 'vi-VN', en: 'en-US' };

const numberFormats = new Map<string, Intl.NumberFormat>();

export function formatNumber(value: number, locale: Locale, maximumFractionDigits = 2): string {
  const key = `${locale}:${maximumFractionDigits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(numberLocale[locale], { maximumFractionDigits });
    numberFormats.set(key, format);
  }
  return format.format(value);
}

// A calendar date of the API ("2025-07-01") as dd/mm/yyyy; a timestamp ("2026-01-05T07:32:00Z")
// by its date in Vietnam (UTC+7), the API's time zone for people. Anything else unchanged.
export function formatDate(value: string): string {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (date) return `${date[3]}/${date[2]}/${date[1]}`;
  const stamp = Date.parse(value);
  if (Number.isNaN(stamp) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return value;
  return formatDay(new Date(stamp + 7 * 3600 * 1000), true);
}

// A Date as dd/mm/yyyy, by its local fields, or by its UTC fields with `utc`.
export function formatDay(day: Date, utc = false): string {
  const d = utc ? day.getUTCDate() : day.getDate();
  const m = (utc ? day.getUTCMonth() : day.getMonth()) + 1;
  const y = utc ? day.getUTCFullYear() : day.getFullYear();
  return `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`;
}

// The server writes messages as "Vietnamese (English)": the part for `locale`, or the whole message
// when it is not of that shape.
export function messageIn(message: string, locale: Locale): string {
  const text = message.trim();
  if (!text.endsWith(')')) return text;
  let depth = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text[i];
    if (c === ')') depth++;
    else if (c === '(' && --depth === 0) {
      const vietnamese = text.slice(0, i).trim();
      const english = text.slice(i + 1, -1).trim();
      if (!vietnamese || !english) return text;
      return locale === 'vi' ? vietnamese : english.charAt(0).toUpperCase() + english.slice(1);
    }
  }
  return text;
}
