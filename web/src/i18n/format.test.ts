import { describe, expect, it } from 'vitest';
import { formatDate, formatDay, formatNumber, messageIn } from './format';
import vi from './vi.json';
import en from './en.json';

describe('formatNumber', () => {
  it('writes Vietnamese numbers with a dot for thousands and a comma for decimals', () => {
    expect(formatNumber(1234.5, 'vi')).toBe('1.234,5');
    expect(formatNumber(3321, 'vi')).toBe('3.321');
    expect(formatNumber(0.25, 'vi')).toBe('0,25');
    expect(formatNumber(1234567.891, 'vi', 1)).toBe('1.234.567,9');
  });
  it('writes English numbers the English way', () => {
    expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
    expect(formatNumber(3321, 'en')).toBe('3,321');
  });
});

describe('formatDate', () => {
  it('writes API dates as dd/mm/yyyy', () => {
    expect(formatDate('2025-07-01')).toBe('01/07/2025');
    expect(formatDate('2030-12-31')).toBe('31/12/2030');
  });
  it('writes timestamps by their day in Vietnam (UTC+7)', () => {
    expect(formatDate('2025-06-30T18:00:00Z')).toBe('01/07/2025');
    expect(formatDate('2025-06-30T16:59:59Z')).toBe('30/06/2025');
  });
  it('leaves anything else as it is', () => {
    expect(formatDate('không rõ')).toBe('không rõ');
  });
  it('writes a day as dd/mm/yyyy', () => {
    expect(formatDay(new Date(2026, 0, 5))).toBe('05/01/2026');
  });
});

describe('messageIn', () => {
  const message = 'Không có đơn vị 99999 (no such unit)';
  it('takes the Vietnamese part in Vietnamese and the English one in English', () => {
    expect(messageIn(message, 'vi')).toBe('Không có đơn vị 99999');
    expect(messageIn(message, 'en')).toBe('No such unit');
  });
  it('keeps inner parentheses of the Vietnamese part', () => {
    const locked = 'Thử lại sau 14:32 ngày 05/01/2026 (giờ Việt Nam) (try again after that time)';
    expect(messageIn(locked, 'vi')).toBe('Thử lại sau 14:32 ngày 05/01/2026 (giờ Việt Nam)');
    expect(messageIn(locked, 'en')).toBe('Try again after that time');
  });
  it('gives a message of another shape whole', () => {
    expect(messageIn('Lỗi', 'en')).toBe('Lỗi');
    expect(messageIn('(only english)', 'vi')).toBe('(only english)');
  });
});

describe('the translations', () => {
  function keys(value: unknown, prefix = ''): string[] {
    if (typeof value !== 'object' || value === null) return [prefix];
    return Object.entries(value).flatMap(([key, inner]) => keys(inner, prefix ? `${prefix}.${key}` : key));
  }
  it('say everything in both languages', () => {
    expect(keys(en).sort()).toEqual(keys(vi).sort());
  });
  it('leave no string empty', () => {
    for (const messages of [vi, en]) {
      for (const key of keys(messages)) {
        const text = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], messages);
        expect(typeof text === 'string' && text.trim().length > 0, key).toBe(true);
      }
    }
  });
});
