import {
  CASE_CATEGORIES,
  DOMAINS,
  INCIDENT_STATUSES,
  SEVERITIES,
  SEVERITY_COLORS,
} from '@cityops/contracts';
import { type FormEvent, useState } from 'react';
import { useI18n } from '../i18n/useI18n';
import { defaultHistoryFilters } from './defaultHistoryFilters';
import { DistrictOptions } from './DistrictOptions';
import type { HistoryFilters } from './HistoryFilters';
import { isCalendarDay } from './isCalendarDay';
import { ToggleChips } from './ToggleChips';

interface HistoryFilterBarProps {
  filters: HistoryFilters;
  /** The days the current range covers (first and last start a custom range). */
  days: readonly string[];
  onChange: (next: HistoryFilters) => void;
}

const PRESETS = ['today', '7d', '30d'] as const;
const SEVERITY_ORDER = [...SEVERITIES].reverse();

/** Time range (quick picks or two days), domain, district, severity, status, case category, handler. */
export function HistoryFilterBar({ filters, days, onChange }: HistoryFilterBarProps) {
  const { t } = useI18n();
  const [handledBy, setHandledBy] = useState(filters.handledBy ?? '');
  const [editedFor, setEditedFor] = useState(filters.handledBy);
  if (editedFor !== filters.handledBy) {
    // The URL changed (back button, reset): show its value.
    setEditedFor(filters.handledBy);
    setHandledBy(filters.handledBy ?? '');
  }
  const set = (patch: Partial<HistoryFilters>) => onChange({ ...filters, ...patch });
  const { range } = filters;
  const first = days[0] ?? '';
  const last = days[days.length - 1] ?? '';

  const setDay = (which: 'from' | 'to', value: string) => {
    if (!isCalendarDay(value)) return;
    let from = which === 'from' ? value : range.kind === 'custom' ? range.from : first;
    let to = which === 'to' ? value : range.kind === 'custom' ? range.to : last;
    if (from > to) [from, to] = [to, from];
    set({ range: { kind: 'custom', from, to } });
  };

  const applyHandledBy = (event?: FormEvent) => {
    event?.preventDefault();
    const value = handledBy.trim().slice(0, 100) || null;
    if (value !== filters.handledBy) set({ handledBy: value });
  };

  return (
    <section className="history-filters" aria-label={t('history.filters')}>
      <div className="history-filters__row">
        <span className="history-filters__label">{t('history.range')}</span>
        <div className="segmented" role="group" aria-label={t('history.range')}>
          {PRESETS.map((preset) => (
            <button
              key={preset}
              type="button"
              className="segmented__item"
              aria-pressed={range.kind === preset}
              data-testid={`history-range-${preset}`}
              onClick={() => set({ range: { kind: preset } })}
            >
              {t(`history.range.${preset}`)}
            </button>
          ))}
        </div>
        <label className="history-filters__date">
          <span>{t('history.from')}</span>
          <input
            type="date"
            className="compact-input"
            data-testid="history-from"
            value={range.kind === 'custom' ? range.from : first}
            onChange={(event) => setDay('from', event.target.value)}
          />
        </label>
        <label className="history-filters__date">
          <span>{t('history.to')}</span>
          <input
            type="date"
            className="compact-input"
            data-testid="history-to"
            value={range.kind === 'custom' ? range.to : last}
            onChange={(event) => setDay('to', event.target.value)}
          />
        </label>
        <button
          type="button"
          className="ghost-button history-filters__reset"
          data-testid="history-filter-reset"
          onClick={() => onChange(defaultHistoryFilters)}
        >
          {t('history.reset')}
        </button>
      </div>

      <div className="history-filters__row">
        <span className="history-filters__label">{t('history.domain')}</span>
        <ToggleChips
          values={DOMAINS}
          selected={filters.domain}
          text={(domain) => t(`domain.${domain}`)}
          testIdPrefix="history-filter-domain"
          onChange={(domain) => set({ domain })}
        />
        <span className="history-filters__label">{t('history.severity')}</span>
        <ToggleChips
          values={SEVERITY_ORDER}
          selected={filters.severity}
          order={SEVERITIES}
          text={(severity) => t(`severity.${severity}`)}
          testIdPrefix="history-filter-severity"
          colorOf={(severity) => SEVERITY_COLORS[severity]}
          onChange={(severity) => set({ severity })}
        />
        <span className="history-filters__label">{t('history.status')}</span>
        <ToggleChips
          values={INCIDENT_STATUSES}
          selected={filters.status}
          text={(status) => t(`status.${status}`)}
          testIdPrefix="history-filter-status"
          onChange={(status) => set({ status })}
        />
      </div>

      <div className="history-filters__row">
        <label className="history-filters__field">
          <span className="history-filters__label">{t('history.district')}</span>
          <select
            className="compact-input"
            data-testid="history-filter-district"
            value={
              filters.district.length === 1
                ? filters.district[0]
                : filters.district.length
                  ? 'many'
                  : ''
            }
            onChange={(event) => set({ district: event.target.value ? [event.target.value] : [] })}
          >
            <option value="">{t('history.all')}</option>
            {filters.district.length > 1 ? (
              <option value="many" disabled>
                {t('history.manyDistricts', { count: filters.district.length })}
              </option>
            ) : null}
            <DistrictOptions />
          </select>
        </label>
        <label className="history-filters__field">
          <span className="history-filters__label">{t('history.category')}</span>
          <select
            className="compact-input"
            data-testid="history-filter-category"
            value={
              filters.category.length === 1
                ? filters.category[0]
                : filters.category.length
                  ? 'many'
                  : ''
            }
            onChange={(event) => {
              const category = CASE_CATEGORIES.find((c) => c === event.target.value);
              set({ category: category ? [category] : [] });
            }}
          >
            <option value="">{t('history.all')}</option>
            {filters.category.length > 1 ? (
              <option value="many" disabled>
                {filters.category.map((c) => t(`category.${c}`)).join('、')}
              </option>
            ) : null}
            {CASE_CATEGORIES.map((category) => (
              <option key={category} value={category}>
                {t(`category.${category}`)}
              </option>
            ))}
          </select>
        </label>
        <form className="history-filters__field" onSubmit={applyHandledBy}>
          <label className="history-filters__field">
            <span className="history-filters__label">{t('history.handledBy')}</span>
            <input
              type="search"
              className="compact-input"
              data-testid="history-filter-handled-by"
              placeholder={t('history.handledByPlaceholder')}
              maxLength={100}
              value={handledBy}
              onChange={(event) => setHandledBy(event.target.value)}
              onBlur={() => applyHandledBy()}
            />
          </label>
        </form>
      </div>
    </section>
  );
}
