/** A progress bar for people and assistive tech; `value` null is indeterminate (no aria-valuenow). */
export function ProgressBar({ value, label, text, testId, tone = 'normal' }: { value: number | null; label: string; text?: string; testId?: string; tone?: 'normal' | 'done' | 'failed' }) {
  return (
    <div
      className={`progress progress-${tone}${value === null ? ' progress-indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value ?? undefined}
      aria-valuetext={text}
      data-testid={testId}
    >
      <div className="progress-fill" style={value === null ? undefined : { width: `${value}%` }} />
    </div>
  );
}
