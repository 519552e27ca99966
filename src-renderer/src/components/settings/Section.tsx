import type { ReactNode } from 'react';

/** A titled panel of the settings view. */
export function Section({ id, title, actions, children }: { id: string; title: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className="panel" aria-labelledby={`${id}-heading`} data-testid={`settings-${id}`}>
      <div className="panel-header">
        <h2 id={`${id}-heading`}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}
