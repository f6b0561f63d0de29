/** The platform's mark: a ring (the city) around a beacon (an incident). */
export function BrandMark({ size = 36 }: { size?: number }) {
  return (
    <svg className="brand-mark" width={size} height={size} viewBox="0 0 32 32" aria-hidden="true">
      <defs>
        <linearGradient id="brand-ring" x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#5ee7ff" />
          <stop offset="1" stopColor="#2f7cf6" />
        </linearGradient>
      </defs>
      <circle cx="16" cy="16" r="12.5" fill="none" stroke="url(#brand-ring)" strokeWidth="2.5" />
      <circle
        cx="16"
        cy="16"
        r="7"
        fill="none"
        stroke="url(#brand-ring)"
        strokeWidth="1.2"
        opacity="0.6"
      />
      <path
        d="M16 3.5v5M16 23.5v5M3.5 16h5M23.5 16h5"
        stroke="#5ee7ff"
        strokeWidth="1.4"
        opacity="0.8"
      />
      <circle cx="16" cy="16" r="3.2" fill="#e5312f" />
    </svg>
  );
}
