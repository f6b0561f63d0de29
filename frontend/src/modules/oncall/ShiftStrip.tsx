import type { OncallSpan } from '@cityops/contracts';
import { useI18n } from '../i18n/useI18n';
import { useMinuteTime } from '../ui/useMinuteTime';
import { memberColour, stripRows, type StripWindow } from './shiftStrip';

const WEEKDAYS = [
  'admin.oncall.weekday.1',
  'admin.oncall.weekday.2',
  'admin.oncall.weekday.3',
  'admin.oncall.weekday.4',
  'admin.oncall.weekday.5',
  'admin.oncall.weekday.6',
  'admin.oncall.weekday.7',
] as const;

/**
 * Two weeks of one schedule in plain HTML: a day ruler (today marked), then a row for the
 * overrides and one per layer, each shift a coloured block per member (colour by team order).
 */
export function ShiftStrip({
  spans,
  window,
  layerNames,
  memberIds,
  memberName,
}: {
  spans: readonly OncallSpan[];
  window: StripWindow;
  layerNames: readonly string[];
  memberIds: readonly string[];
  memberName: (id: string) => string;
}) {
  const { t } = useI18n();
  const time = useMinuteTime();
  const rows = stripRows(spans, window, layerNames);
  return (
    <div className="oncall-strip" data-testid="oncall-strip">
      <div className="oncall-strip__row oncall-strip__row--ruler">
        <span className="oncall-strip__label" />
        <div className="oncall-strip__track">
          {window.days.map((day) => (
            <span
              key={day.day}
              className={`oncall-strip__day${day.isToday ? ' oncall-strip__day--today' : ''}${day.weekday >= 6 ? ' oncall-strip__day--weekend' : ''}`}
              style={{ left: `${day.leftPct}%`, width: `${day.widthPct}%` }}
              data-testid={day.isToday ? 'oncall-strip-today' : undefined}
            >
              {day.day.slice(5)}
              <br />
              {t(WEEKDAYS[day.weekday - 1]!)}
            </span>
          ))}
        </div>
      </div>
      {rows.map((row) => (
        <div
          key={row.key}
          className="oncall-strip__row"
          data-testid="oncall-strip-row"
          data-kind={row.kind}
          data-layer={row.layer ?? undefined}
        >
          <span className="oncall-strip__label">
            {row.kind === 'override' ? t('admin.oncall.overridesRow') : row.layer}
          </span>
          <div className="oncall-strip__track">
            {window.days
              .filter((day) => day.isToday)
              .map((day) => (
                <span
                  key="today"
                  className="oncall-strip__today"
                  style={{ left: `${day.leftPct}%`, width: `${day.widthPct}%` }}
                />
              ))}
            {row.blocks.map((block) => {
              const title = [
                memberName(block.memberId),
                `${time(block.spanStart)} – ${time(block.spanEnd)}`,
                block.reason,
              ]
                .filter(Boolean)
                .join('\n');
              return (
                <span
                  key={`${block.memberId}-${block.spanStart}`}
                  className="oncall-strip__block"
                  style={{
                    left: `${block.leftPct}%`,
                    width: `${block.widthPct}%`,
                    background: memberColour(memberIds, block.memberId),
                  }}
                  title={title}
                  data-testid="oncall-strip-block"
                  data-member={block.memberId}
                  data-kind={row.kind}
                >
                  {memberName(block.memberId)}
                </span>
              );
            })}
            {window.nowPct !== null ? (
              <span
                className="oncall-strip__now"
                style={{ left: `${window.nowPct}%` }}
                data-testid="oncall-strip-now"
              />
            ) : null}
          </div>
        </div>
      ))}
    </div>
  );
}
