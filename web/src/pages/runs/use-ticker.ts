import { useEffect, useState } from 'react';

/** Re-renders every second while `active`, so durations of runs and nodes in flight keep moving. */
export function useTicker(active: boolean): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setTick((tick) => tick + 1), 1000);
    return () => clearInterval(timer);
  }, [active]);
}
