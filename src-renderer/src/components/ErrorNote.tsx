import type { ReactNode } from 'react';
import { Icon } from './Icon';

/** A plain error for people, announced when it appears. */
export function ErrorNote({ children, testId, action }: { children: ReactNode; testId?: string; action?: ReactNode }) {
  return (
    <div className="error-note" role="alert" data-testid={testId}>
      <Icon name="alert" />
      <div className="error-text">{children}</div>
      {action}
    </div>
  );
}
