// One plugin surface as a button: runs its action, is disabled while it runs, and says why when it fails.
import { useState, type ReactNode } from 'react';
import type { UiAction } from '@parley/plugin-api';
import { runSurfaceAction, useSurfaceHost, type SurfacePlace } from './surface-action.ts';

export interface SurfaceButtonProps {
  pluginId: string;
  surfaceId: string;
  action: UiAction;
  place: SurfacePlace;
  className?: string;
  role?: 'menuitem';
  /** Called once the action has run (a menu closes). */
  onDone?: () => void;
  children: ReactNode;
  label?: string;
}

export function SurfaceButton({ pluginId, surfaceId, action, place, className, role, onDone, children, label }: SurfaceButtonProps) {
  const host = useSurfaceHost();
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState('');

  const run = async () => {
    setRunning(true);
    setFailure('');
    try {
      await runSurfaceAction(pluginId, surfaceId, action, place, host);
      onDone?.();
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
    } finally {
      setRunning(false);
    }
  };

  return (
    <>
      <button type="button" className={className} role={role} aria-label={label} title={label} aria-busy={running} disabled={running} onClick={() => void run()}>
        {children}
      </button>
      {failure && (
        <span role="alert" className="surface-failure">
          {failure}
        </span>
      )}
    </>
  );
}
