import { useMemo } from 'react';
import './map.css';
import { outlinePaths } from './outlinePaths';

/** Tianjin's districts as a static SVG line drawing (login screen, loading states). */
export function CityOutline({
  width = 420,
  height = 520,
  className,
}: {
  width?: number;
  height?: number;
  className?: string;
}) {
  const paths = useMemo(() => outlinePaths(width, height), [width, height]);
  return (
    <svg
      className={className ? `city-outline ${className}` : 'city-outline'}
      viewBox={`0 0 ${width} ${height}`}
      aria-hidden="true"
    >
      {paths.map((d, index) => (
        <path key={index} d={d} />
      ))}
    </svg>
  );
}
