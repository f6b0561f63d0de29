import type { ReactNode } from 'react';

interface HistoryChartPanelProps {
  title: string;
  className?: string;
  children: ReactNode;
}

/** A titled card around one chart (or its loading, empty or error text). */
export function HistoryChartPanel({ title, className = '', children }: HistoryChartPanelProps) {
  return (
    <section className={`history-panel ${className}`}>
      <h2 className="history-panel__title">{title}</h2>
      {children}
    </section>
  );
}
