/** Who produces an export and under which marking. */
import type { TlpMarking } from '../../shared/domain.js';

export interface ExchangeContext {
  readonly caseId: string;
  readonly caseTitle: string;
  readonly analyst: string;
  readonly tlp: TlpMarking;
  /** The export's time (epoch ms). */
  readonly now: number;
}
