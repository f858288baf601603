import type { ReactNode } from 'react';
import type { LucideIcon } from 'lucide-react';
import { FileText } from 'lucide-react';

interface EmptyViewProps {
  readonly title: string;
  readonly icon: LucideIcon;
  readonly emptyTitle: string;
  readonly children: ReactNode;
}

/** A section with nothing in it yet: says what will be here and where it comes from. No dead buttons. */
function EmptyView({ title, icon: Icon, emptyTitle, children }: EmptyViewProps) {
  return (
    <section className="view" aria-labelledby="view-title">
      <header className="view-header">
        <h1 id="view-title">{title}</h1>
      </header>
      <div className="empty">
        <Icon size={32} strokeWidth={1.5} aria-hidden="true" />
        <h2>{emptyTitle}</h2>
        <div className="empty-text">{children}</div>
      </div>
    </section>
  );
}

export function BriefingView() {
  return (
    <EmptyView title="Briefing" icon={FileText} emptyTitle="No briefing drafted yet">
      <p>
        Judgements with explicit confidence and source reliability are assembled here into briefings for decision makers
        (PDF, Word, HTML) and exchange files for other teams&rsquo; tools (STIX 2.1, MISP, CSV).
      </p>
      <p>Indicators in readable briefings are defanged by default.</p>
    </EmptyView>
  );
}
