/**
 * Per-user settings and the recent-cases list, as JSON in the user's config folder
 * ($LOCARD_CONFIG_DIR, else $XDG_CONFIG_HOME/locard, else ~/.config/locard). Only paths are kept for
 * recent cases — never titles, which are case contents and stay inside the encrypted file.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { AppSettings, RecentCase } from '../../shared/domain.js';

const MAX_RECENT = 12;

interface StoredConfig {
  settings: AppSettings;
  recent: { path: string; lastOpenedAt: number }[];
}

export function configDirectory(): string {
  if (process.env.LOCARD_CONFIG_DIR) return process.env.LOCARD_CONFIG_DIR;
  const xdg = process.env.XDG_CONFIG_HOME;
  const base = xdg !== undefined && xdg !== '' ? xdg : join(homedir(), '.config');
  return join(base, 'locard');
}

function defaultAnalyst(): string {
  try {
    return userInfo().username;
  } catch {
    return 'analyst';
  }
}

export const DEFAULT_SETTINGS: AppSettings = {
  autoLockMinutes: 15,
  analystName: defaultAnalyst(),
  theme: 'system',
  ocrFrameIntervalS: 2,
  ocrLanguages: ['eng'],
};

export class ConfigStore {
  private readonly file: string;

  constructor(private readonly directory = configDirectory()) {
    this.file = join(directory, 'config.json');
  }

  private read(): StoredConfig {
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as Partial<StoredConfig>;
      return {
        settings: { ...DEFAULT_SETTINGS, ...(parsed.settings ?? {}) },
        recent: Array.isArray(parsed.recent) ? parsed.recent.filter((r) => typeof r.path === 'string') : [],
      };
    } catch {
      // Missing or unreadable config: start from defaults rather than refuse to start.
      return { settings: DEFAULT_SETTINGS, recent: [] };
    }
  }

  private write(config: StoredConfig): void {
    mkdirSync(this.directory, { recursive: true, mode: 0o700 });
    const temp = `${this.file}.${String(process.pid)}.tmp`;
    writeFileSync(temp, JSON.stringify(config, null, 2), { mode: 0o600 });
    renameSync(temp, this.file);
  }

  /** Where Locard keeps cases it builds itself (the sample case). */
  samplesDirectory(): string {
    return join(this.directory, 'samples');
  }

  settings(): AppSettings {
    return this.read().settings;
  }

  updateSettings(change: Partial<AppSettings>): AppSettings {
    const config = this.read();
    const settings = { ...config.settings, ...change };
    this.write({ ...config, settings });
    return settings;
  }

  recentCases(): RecentCase[] {
    return this.read().recent.map((r) => ({ ...r, exists: existsSync(r.path) }));
  }

  rememberCase(path: string, at = Date.now()): void {
    const config = this.read();
    const recent = [{ path, lastOpenedAt: at }, ...config.recent.filter((r) => r.path !== path)].slice(0, MAX_RECENT);
    this.write({ ...config, recent });
  }

  forgetCase(path: string): RecentCase[] {
    const config = this.read();
    this.write({ ...config, recent: config.recent.filter((r) => r.path !== path) });
    return this.recentCases();
  }
}
