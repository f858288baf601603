import { useEffect, useSyncExternalStore } from 'react';
import type { AppSettings } from '../../../shared/domain.js';

const DARK_QUERY = '(prefers-color-scheme: dark)';

function subscribe(onChange: () => void): () => void {
  const query = window.matchMedia(DARK_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

function systemPrefersDark(): boolean {
  return window.matchMedia(DARK_QUERY).matches;
}

/** The theme actually shown, following the operating system when the setting is 'system'. */
export function useResolvedTheme(setting: AppSettings['theme']): 'light' | 'dark' {
  const systemDark = useSyncExternalStore(subscribe, systemPrefersDark);
  const resolved = setting === 'system' ? (systemDark ? 'dark' : 'light') : setting;
  useEffect(() => {
    document.documentElement.dataset.theme = resolved;
  }, [resolved]);
  return resolved;
}
