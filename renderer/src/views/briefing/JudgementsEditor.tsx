import { useEffect, useRef, type KeyboardEvent } from 'react';
import { AlertTriangle, ArrowDown, ArrowUp, Plus, Trash2, X } from 'lucide-react';
import { ANALYTIC_CONFIDENCES, type KeyJudgement } from '../../../../shared/briefing.js';
import type { ExhibitSummary } from '../../../../shared/evidence.js';
import type { Icd203Word } from '../../../../shared/graph.js';
import { CONFIDENCE_MEANING, LIKELIHOOD_RANGES, LIKELIHOODS, moveItem, newJudgement } from './model.js';

interface JudgementsEditorProps {
  readonly judgements: readonly KeyJudgement[];
  readonly exhibits: readonly ExhibitSummary[];
  readonly onChange: (judgements: readonly KeyJudgement[]) => void;
  /** Say something to screen readers (moves, removals). */
  readonly announce: (text: string) => void;
}

/**
 * Key judgements in order: each a statement with its ICD 203 likelihood, the analytic confidence and
 * the exhibits it rests on. Alt+↑ / Alt+↓ anywhere in a judgement moves it; focus stays where it was.
 */
export function JudgementsEditor({ judgements, exhibits, onChange, announce }: JudgementsEditorProps) {
  const list = useRef<HTMLOListElement>(null);
  // After an add or a move, focus goes to this judgement's text (add) or follows the moved control.
  const focusNext = useRef<{ readonly id: string; readonly selector: string } | null>(null);
  useEffect(() => {
    const focus = focusNext.current;
    focusNext.current = null;
    if (!focus) return;
    const item = list.current?.querySelector(`[data-judgement="${CSS.escape(focus.id)}"]`);
    const wanted = item?.querySelector<HTMLElement>(focus.selector);
    // A move button that became disabled (the judgement reached an end) hands focus to the text.
    const target =
      wanted && !(wanted instanceof HTMLButtonElement && wanted.disabled) ? wanted : item?.querySelector('textarea');
    target?.focus();
  }, [judgements]);

  const update = (index: number, patch: Partial<KeyJudgement>) =>
    onChange(judgements.map((judgement, i) => (i === index ? { ...judgement, ...patch } : judgement)));

  const move = (index: number, by: number, selector: string) => {
    const moved = moveItem(judgements, index, by);
    if (moved === judgements) return;
    const judgement = judgements[index];
    if (!judgement) return;
    onChange(moved);
    focusNext.current = { id: judgement.id, selector };
    announce(`Judgement moved to position ${String(moved.indexOf(judgement) + 1)} of ${String(moved.length)}.`);
  };

  const remove = (index: number) => {
    const next = judgements.filter((_, i) => i !== index);
    onChange(next);
    announce(`Judgement ${String(index + 1)} removed.`);
    const neighbour = next[Math.min(index, next.length - 1)];
    if (neighbour) focusNext.current = { id: neighbour.id, selector: 'textarea' };
  };

  const add = () => {
    const judgement = newJudgement(judgements);
    onChange([...judgements, judgement]);
    focusNext.current = { id: judgement.id, selector: 'textarea' };
  };

  const exhibitMap = new Map(exhibits.map((exhibit) => [exhibit.number, exhibit]));

  return (
    <div className="briefing-judgements">
      {judgements.length === 0 ? (
        <p className="briefing-empty-note">
          No key judgements yet. Each states one conclusion, how likely it is (ICD 203), how confident the analysis is,
          and the exhibits it rests on.
        </p>
      ) : (
        <ol ref={list} className="briefing-judgement-list" aria-label="Key judgements">
          {judgements.map((judgement, index) => {
            const number = index + 1;
            const onKeyDown = (event: KeyboardEvent<HTMLLIElement>) => {
              if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
              event.preventDefault();
              const target = event.target as HTMLElement;
              const selector = target.dataset.role ? `[data-role="${target.dataset.role}"]` : 'textarea';
              move(index, event.key === 'ArrowUp' ? -1 : 1, selector);
            };
            const uncited = exhibits.filter((exhibit) => !judgement.exhibits.includes(exhibit.number));
            return (
              // eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions -- Alt+arrows reorder from any control inside; the buttons do the same
              <li
                key={judgement.id}
                className="briefing-judgement"
                data-judgement={judgement.id}
                aria-label={`Judgement ${String(number)}`}
                onKeyDown={onKeyDown}
              >
                <div className="briefing-judgement-head">
                  <span className="briefing-judgement-number" aria-hidden="true">
                    KJ{number}
                  </span>
                  <span className="briefing-judgement-words">
                    <strong>{judgement.likelihood}</strong> ·{' '}
                    <span className={`briefing-confidence briefing-confidence-${judgement.confidence}`}>
                      {judgement.confidence} confidence
                    </span>
                  </span>
                  <span className="spacer" />
                  <button
                    type="button"
                    className="icon-button icon-button-small"
                    data-role="up"
                    aria-label={`Move judgement ${String(number)} up`}
                    title="Move up (Alt+↑)"
                    aria-keyshortcuts="Alt+ArrowUp"
                    disabled={index === 0}
                    onClick={() => move(index, -1, '[data-role="up"]')}
                  >
                    <ArrowUp size={13} aria-hidden="true" />
                  </button>
                  <button
                    type="button"
                    className="icon-button icon-button-small"
                    data-role="down"
                    aria-label={`Move judgement ${String(number)} down`}
                    title="Move down (Alt+↓)"
                    aria-keyshortcuts="Alt+ArrowDown"
                    disabled={index === judgements.length - 1}
                    onClick={() => move(index, 1, '[data-role="down"]')}
                  >
                    <ArrowDown size={13} aria-hidden="true" />
                  </button>
                  <button
                    type="button"
                    className="icon-button icon-button-small briefing-danger-icon"
                    aria-label={`Remove judgement ${String(number)}`}
                    title="Remove judgement"
                    onClick={() => remove(index)}
                  >
                    <Trash2 size={13} aria-hidden="true" />
                  </button>
                </div>
                <div className="field">
                  <label htmlFor={`${judgement.id}-text`} className="visually-hidden">
                    Judgement {number} text
                  </label>
                  <textarea
                    id={`${judgement.id}-text`}
                    data-role="text"
                    rows={2}
                    value={judgement.text}
                    placeholder="One conclusion, stated plainly."
                    aria-invalid={judgement.text.trim() === '' ? true : undefined}
                    onChange={(event) => update(index, { text: event.target.value })}
                  />
                </div>
                <div className="briefing-judgement-meta">
                  <div className="field">
                    <label htmlFor={`${judgement.id}-likelihood`}>Likelihood (ICD 203)</label>
                    <select
                      id={`${judgement.id}-likelihood`}
                      data-role="likelihood"
                      value={judgement.likelihood}
                      onChange={(event) => update(index, { likelihood: event.target.value as Icd203Word })}
                    >
                      {LIKELIHOODS.map((word) => (
                        <option key={word} value={word}>
                          {word} ({LIKELIHOOD_RANGES[word]})
                        </option>
                      ))}
                    </select>
                  </div>
                  <fieldset className="briefing-confidence-picker">
                    <legend>Analytic confidence</legend>
                    <div className="segmented segmented-small">
                      {ANALYTIC_CONFIDENCES.map((confidence) => (
                        <label
                          key={confidence}
                          className="segment briefing-segment"
                          title={CONFIDENCE_MEANING[confidence]}
                          data-checked={judgement.confidence === confidence}
                        >
                          <input
                            type="radio"
                            name={`${judgement.id}-confidence`}
                            data-role={`confidence-${confidence}`}
                            value={confidence}
                            checked={judgement.confidence === confidence}
                            onChange={() => update(index, { confidence })}
                          />
                          {confidence}
                        </label>
                      ))}
                    </div>
                  </fieldset>
                </div>
                <div className="briefing-citations">
                  <span className="briefing-citations-label" id={`${judgement.id}-cites`}>
                    Cited exhibits
                  </span>
                  {judgement.exhibits.length === 0 ? (
                    <span className="briefing-unsupported">
                      <AlertTriangle size={12} aria-hidden="true" />
                      No exhibit cited
                    </span>
                  ) : (
                    <ul className="briefing-citation-list" aria-labelledby={`${judgement.id}-cites`}>
                      {judgement.exhibits.map((n) => {
                        const exhibit = exhibitMap.get(n);
                        const label = exhibit?.label ?? `E-${String(n).padStart(4, '0')}`;
                        return (
                          <li key={n} className="briefing-citation" title={exhibit ? `SHA-256 ${exhibit.sha256}` : ''}>
                            <span className="mono briefing-citation-label">{label}</span>
                            <span className="briefing-citation-name">{exhibit?.displayName ?? 'not in the case'}</span>
                            <button
                              type="button"
                              className="briefing-citation-remove"
                              aria-label={`Remove citation ${label}`}
                              onClick={() => update(index, { exhibits: judgement.exhibits.filter((e) => e !== n) })}
                            >
                              <X size={12} aria-hidden="true" />
                            </button>
                          </li>
                        );
                      })}
                    </ul>
                  )}
                  <select
                    className="briefing-cite-select"
                    aria-label={`Cite an exhibit in judgement ${String(number)}`}
                    data-role="cite"
                    value=""
                    disabled={uncited.length === 0}
                    onChange={(event) => {
                      const value = Number(event.target.value);
                      if (!Number.isInteger(value) || value <= 0) return;
                      update(index, { exhibits: [...judgement.exhibits, value].sort((a, b) => a - b) });
                    }}
                  >
                    <option value="">
                      {exhibits.length === 0
                        ? 'No exhibits in the case'
                        : uncited.length === 0
                          ? 'Every exhibit is cited'
                          : 'Cite an exhibit…'}
                    </option>
                    {uncited.map((exhibit) => (
                      <option key={exhibit.number} value={exhibit.number}>
                        {exhibit.label} {exhibit.displayName}
                      </option>
                    ))}
                  </select>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      <div className="briefing-judgements-actions">
        <button type="button" className="button" onClick={add}>
          <Plus size={14} aria-hidden="true" />
          Add judgement
        </button>
        {judgements.length > 1 && (
          <span className="muted small">
            <kbd>Alt</kbd>+<kbd>↑</kbd> / <kbd>↓</kbd> reorders
          </span>
        )}
      </div>
    </div>
  );
}
