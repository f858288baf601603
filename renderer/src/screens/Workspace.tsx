import { useEffect, useEffectEvent, useState } from 'react';
import type { LucideIcon } from 'lucide-react';
import { CalendarClock, FileStack, FileText, Fingerprint, Lock, Network, ScrollText, Settings, X } from 'lucide-react';
import type { CaseSummary } from '../../../shared/domain.js';
import { DropZone } from '../components/DropZone.js';
import { ErrorMessage } from '../components/Feedback.js';
import { ThemeToggle } from '../components/ThemeToggle.js';
import { TlpBadge } from '../components/TlpBadge.js';
import { formatBytes } from '../format.js';
import { CustodyView } from '../views/CustodyView.js';
import { BriefingView } from '../views/briefing/BriefingView.js';
import { GraphView } from '../views/graph/GraphView.js';
import type { LinkedSelection } from '../views/graph/model.js';
import { selectOnly } from '../views/indicators/model.js';
import { TimelineView } from '../views/timeline/TimelineView.js';
import type { TimeWindow } from '../views/timeline/model.js';
import { EvidenceView, type EvidenceFocus } from '../views/evidence/EvidenceView.js';
import { useImportFlow } from '../views/evidence/useImportFlow.js';
import { useOcrJobState } from '../views/evidence/useOcrJob.js';
import { INITIAL_INDICATORS_STATE, IndicatorsView } from '../views/indicators/IndicatorsView.js';
import { useClient } from '../api/context.js';

type Section = 'evidence' | 'indicators' | 'graph' | 'timeline' | 'briefing' | 'custody';

const SECTIONS: readonly { readonly id: Section; readonly label: string; readonly icon: LucideIcon }[] = [
  { id: 'evidence', label: 'Evidence', icon: FileStack },
  { id: 'indicators', label: 'Indicators', icon: Fingerprint },
  { id: 'graph', label: 'Graph', icon: Network },
  { id: 'timeline', label: 'Timeline', icon: CalendarClock },
  { id: 'briefing', label: 'Briefings', icon: FileText },
  { id: 'custody', label: 'Custody', icon: ScrollText },
];

interface WorkspaceProps {
  readonly summary: CaseSummary;
  readonly theme: 'light' | 'dark';
  readonly error: string | null;
  /** The shell has system file dialogs (Electron); the browser shell browses in a dialog instead. */
  readonly nativeDialogs: boolean;
  readonly onToggleTheme: () => void;
  readonly onLock: () => void;
  readonly onCloseCase: () => void;
  readonly onOpenSettings: () => void;
}

const isMac = typeof navigator !== 'undefined' && /Macintosh|Mac OS X/.test(navigator.userAgent);

export function Workspace({
  summary,
  theme,
  error,
  nativeDialogs,
  onToggleTheme,
  onLock,
  onCloseCase,
  onOpenSettings,
}: WorkspaceProps) {
  const client = useClient();
  const [section, setSection] = useState<Section>('evidence');
  // Held here, not in the Evidence view, so an import keeps reporting while another section is shown.
  const importFlow = useImportFlow(nativeDialogs);
  // OCR runs after every import: followed here too, for the same reason.
  const ocr = useOcrJobState();
  // Kept here so filters and selection survive a visit to another section (e.g. an occurrence's exhibit).
  const [indicators, setIndicators] = useState(INITIAL_INDICATORS_STATE);
  // An exhibit to show at a place in it, chosen from an indicator's occurrences.
  const [evidenceFocus, setEvidenceFocus] = useState<EvidenceFocus | null>(null);
  // The range brushed on the timeline's axis (ms since the epoch, UTC); the Graph and Evidence views filter by it.
  const [timeWindow, setTimeWindow] = useState<TimeWindow | null>(null);
  // One selection shared by the Graph, Evidence and Indicators views (each highlights the others').
  const [linked, setLinked] = useState<LinkedSelection | null>(null);
  // The Indicators view's selection (held here) speaks for it while it is shown (adjusted while rendering).
  const [seenIndicatorSelection, setSeenIndicatorSelection] = useState(indicators.selection);
  if (seenIndicatorSelection !== indicators.selection) {
    setSeenIndicatorSelection(indicators.selection);
    if (section === 'indicators') {
      const ids = [...indicators.selection.ids];
      if (ids.length > 0) setLinked({ from: 'indicators', exhibits: [], indicators: ids });
      else if (linked?.from === 'indicators') setLinked(null);
    }
  }
  const linkFromGraph = (next: LinkedSelection | null) => {
    setLinked(next);
    const [first] = next?.indicators ?? [];
    if (next && first !== undefined) {
      setIndicators((previous) => ({
        ...previous,
        selection: { ids: new Set(next.indicators), anchor: first, focus: first },
      }));
    }
  };

  const startImport = useEffectEvent(() => {
    setSection('evidence');
    void importFlow.begin();
  });
  useEffect(
    () =>
      client.on('menuCommand', ({ command }) => {
        if (command === 'import-evidence') startImport();
      }),
    [client],
  );

  return (
    <div className="workspace">
      <header className="topbar">
        <span className="brand brand-compact">
          <span className="brand-mark" aria-hidden="true">
            L
          </span>
          <span className="visually-hidden">Locard</span>
        </span>
        <div className="case-heading">
          <span className="case-title" title={summary.title}>
            {summary.title}
          </span>
          <span className="case-meta mono" title={summary.path}>
            {summary.path}
          </span>
        </div>
        <TlpBadge tlp={summary.tlp} />
        <span className="spacer" />
        <ErrorMessage message={error ?? importFlow.error} />
        <span className="case-meta topbar-stat">
          {summary.analyst} · {formatBytes(summary.fileBytes)}
        </span>
        <ThemeToggle theme={theme} onToggle={onToggleTheme} />
        <button
          type="button"
          className="icon-button"
          aria-label="Case settings"
          title="Case settings"
          onClick={onOpenSettings}
        >
          <Settings size={16} aria-hidden="true" />
        </button>
        <button
          type="button"
          className="button"
          onClick={onLock}
          title={`Lock case (${isMac ? '⌘L' : 'Ctrl+L'})`}
          aria-keyshortcuts={isMac ? 'Meta+L' : 'Control+L'}
        >
          <Lock size={14} aria-hidden="true" />
          Lock
        </button>
        <button type="button" className="icon-button" aria-label="Close case" title="Close case" onClick={onCloseCase}>
          <X size={16} aria-hidden="true" />
        </button>
      </header>
      <nav className="rail" aria-label="Case sections">
        <ul>
          {SECTIONS.map(({ id, label, icon: Icon }) => (
            <li key={id}>
              <button
                type="button"
                className="rail-item"
                aria-current={section === id ? 'page' : undefined}
                onClick={() => {
                  setEvidenceFocus(null);
                  setSection(id);
                }}
              >
                <Icon size={16} aria-hidden="true" />
                <span>{label}</span>
                {id === 'custody' && <span className="rail-count">{summary.custodyEntries}</span>}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <main className="content">
        {section === 'evidence' && (
          <EvidenceView
            imports={importFlow.imports}
            onImport={() => void importFlow.begin()}
            focus={evidenceFocus ?? undefined}
            ocr={ocr}
            timeWindow={timeWindow}
            onClearTimeWindow={() => setTimeWindow(null)}
            linkedExhibits={linked?.from === 'graph' ? linked.exhibits : undefined}
            onSelectExhibit={(number) =>
              setLinked((previous) =>
                number !== null
                  ? { from: 'evidence', exhibits: [number], indicators: [] }
                  : previous?.from === 'evidence'
                    ? null
                    : previous,
              )
            }
          />
        )}
        {section === 'indicators' && (
          <IndicatorsView
            state={indicators}
            onStateChange={setIndicators}
            onOpenOccurrence={(number, location) => {
              setEvidenceFocus({ number, location });
              setSection('evidence');
            }}
            onImport={() => {
              setSection('evidence');
              void importFlow.begin();
            }}
          />
        )}
        {section === 'graph' && (
          <GraphView
            caseTitle={summary.title}
            timeWindow={timeWindow}
            onClearTimeWindow={() => setTimeWindow(null)}
            linked={linked}
            onLinkedChange={linkFromGraph}
            onShowExhibit={(number) => {
              setLinked({ from: 'graph', exhibits: [number], indicators: [] });
              setEvidenceFocus(null);
              setSection('evidence');
            }}
            onShowIndicator={(id) => {
              setIndicators((previous) => ({ ...previous, selection: selectOnly(id), detailOpen: true }));
              setSection('indicators');
            }}
            onImport={() => {
              setSection('evidence');
              void importFlow.begin();
            }}
          />
        )}
        {section === 'timeline' && <TimelineView timeWindow={timeWindow} onTimeWindow={setTimeWindow} />}
        {section === 'briefing' && <BriefingView summary={summary} nativeDialogs={nativeDialogs} />}
        {section === 'custody' && <CustodyView revision={summary.custodyEntries} />}
      </main>
      {importFlow.element}
      {/* Files and folders dropped anywhere on the window are imported (with a collection record). */}
      <DropZone caseTitle={summary.title} imports={importFlow.imports} onImportStarted={() => setSection('evidence')} />
    </div>
  );
}
